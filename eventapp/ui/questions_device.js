// The phone's own memory for anonymous questions, kept in this browser's localStorage and nowhere else:
//  - a random vote token (128 bits) the server hashes with each question id, so one phone votes once;
//  - the current submission id, so a double tap, a replay or a retry after reconnect makes one question;
//  - the phone's own questions (id and text), so it can follow their state without the server knowing whose they are.
// Nothing here is rendered: the server shows the text with ordinary labels.
function randomHex(bytes) {
  const values = new Uint8Array(bytes);
  crypto.getRandomValues(values); // works on plain http too, unlike crypto.randomUUID
  return Array.from(values, (b) => b.toString(16).padStart(2, "0")).join("");
}

export default {
  template: `<span style="display: none"></span>`,
  props: {
    scope: String, // the event, so two events on one address keep apart
    token: String, // the server's pinned token for this phone, when it differs from ours
    confirmed: Object, // {submission, id, text}: a question the server has committed
  },
  watch: {
    token(value) {
      if (/^[0-9a-f]{32}$/.test(value || "")) this.write("token", value);
    },
    confirmed(value) {
      if (value && value.id) this.remember(value);
    },
  },
  mounted() {
    let token = this.read("token");
    if (!/^[0-9a-f]{32}$/.test(token || "")) {
      token = randomHex(16);
      this.write("token", token);
    }
    this.submission();
    this.$emit("restore", { token, mine: this.mine() });
  },
  methods: {
    key(name) {
      return "eventapp.questions." + (this.scope || "") + "." + name;
    },
    read(name) {
      try {
        return localStorage.getItem(this.key(name));
      } catch (e) {
        return null;
      }
    },
    write(name, value) {
      try {
        localStorage.setItem(this.key(name), value);
      } catch (e) {
        // private mode or full storage: the phone still works, it just forgets on reload
      }
    },
    mine() {
      try {
        const list = JSON.parse(this.read("mine") || "[]");
        return Array.isArray(list) ? list.slice(-20) : [];
      } catch (e) {
        return [];
      }
    },
    submission() {
      let current = this.read("submission");
      if (!/^[0-9a-f]{32}$/.test(current || "")) {
        current = randomHex(16);
        this.write("submission", current);
      }
      window.eventappQuestions = { submission: current };
      return current;
    },
    remember(question) {
      const list = this.mine().filter((q) => q && q.id !== question.id);
      list.push({ id: question.id, text: String(question.text || "") });
      this.write("mine", JSON.stringify(list.slice(-20)));
      if (question.submission === this.read("submission")) {
        this.write("submission", ""); // this one is used up: the next question gets a fresh id
      }
      this.submission();
    },
  },
};
