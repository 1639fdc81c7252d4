// The phone's question section as one element, built once per phone; the server only sends new props (the room's
// list, the phone's votes, the states of its own questions, its answer to a Send). What the person types, the live
// counter and the sort toggle stay in the browser. Send emits one `ask`, a vote tap one `vote`; "Sent" shows only when
// the server's answer arrives (a new `status`). Every text is interpolated as text, never as HTML.
//
// The phone's own memory for anonymous questions is this browser's localStorage and nowhere else:
//  - a random vote token (128 bits) the server hashes with each question id, so one phone votes once;
//  - the current submission id, so a double tap, a replay or a retry after reconnect makes one question;
//  - the phone's own questions (id and text), so it can follow their state without the server knowing whose they are.
import Shared from "shared_props";

const HEX32 = /^[0-9a-f]{32}$/;
const MINE_KEPT = 20;
const MINE_SHOWN = 5;
const INVISIBLE = /(?!\u200d)[\p{Cf}\p{Cc}\p{Co}\p{Cn}]/gu; // a zero-width joiner may hold an emoji together

function randomHex(bytes) {
  const values = new Uint8Array(bytes);
  crypto.getRandomValues(values); // works on plain http too, unlike crypto.randomUUID
  return Array.from(values, (b) => b.toString(16).padStart(2, "0")).join("");
}

// The length the server will count (domain.questions.normalise, closely enough for a live counter): NFC, invisible
// characters dropped, spaces folded, at most one empty line in a row, trimmed; counted in characters, not UTF-16 units.
function cleanLength(text) {
  const lines = String(text || "")
    .normalize("NFC")
    .replace(/\r\n?|[\u2028\u2029\x85\x0b\x0c]/g, "\n")
    .split("\n")
    .map((line) => line.replace(/\s/g, " ").replace(INVISIBLE, "").replace(/ +/g, " ").trim());
  return [...lines.join("\n").replace(/\n{3,}/g, "\n\n").trim()].length;
}

export default {
  mixins: [Shared], // the room's list arrives as one message for every phone with the same sort order
  template: `
    <section>
      <div class="phone__headline">{{ texts.title }}</div>
      <div class="phone__lead">{{ texts.lead }}</div>
      <textarea ref="box" v-model="text" class="q-phone__input" rows="1" autocomplete="off"
                :placeholder="texts.placeholder" :aria-label="texts.placeholder" data-testid="q-input"
                @input="grow"></textarea>
      <div class="q-phone__meta">
        <div :class="['q-status', problem ? 'q-status--problem' : '']" role="status" aria-live="polite"
             data-testid="q-status">{{ shown }}</div>
        <div :class="['q-counter', length > max ? 'q-counter--over' : '']" data-testid="q-counter">{{ length }}/{{ max }}</div>
      </div>
      <button type="button" class="phone__action q-send" data-testid="q-send" @click="send">{{ texts.send }}</button>
      <template v-if="own.length">
        <div class="q-phone__heading">{{ texts.mine }}</div>
        <div class="q-phone__note">{{ texts.mine_note }}</div>
        <div class="q-mine" data-testid="q-mine">
          <template v-for="q in own" :key="q.id">
            <div class="q-mine__text">{{ q.text }}</div>
            <div class="q-mine__state">{{ (states || {})[q.id] || "" }}</div>
          </template>
        </div>
      </template>
      <div class="q-phone__bar">
        <div class="q-phone__heading" :id="uid">{{ texts.list_title }}</div>
        <div class="q-sort" role="group" :aria-labelledby="uid" data-testid="q-sort">
          <button v-for="s in ['top', 'new']" :key="s" type="button"
                  :class="['q-sort__option', chosen === s ? 'q-sort__option--on' : '']"
                  :aria-pressed="chosen === s ? 'true' : 'false'" @click="pick(s)">
            {{ s === "top" ? texts.sort_top : texts.sort_new }}
          </button>
        </div>
      </div>
      <div v-if="!items || !items.length" class="phone__lead" data-testid="q-empty">{{ texts.none_yet }}</div>
      <div class="q-list" data-testid="q-list">
        <template v-for="q in items" :key="q.id">
          <div class="q-item__text">{{ q.text }}</div>
          <button type="button" :data-testid="'q-vote-' + q.id"
                  :class="['q-vote', on(q.id) ? 'q-vote--on' : '', busy[q.id] ? 'q-vote--busy' : '']"
                  :aria-pressed="on(q.id) ? 'true' : 'false'" :aria-label="on(q.id) ? texts.unvote : texts.vote"
                  @click="vote(q.id)">▲ {{ q.votes }}</button>
        </template>
      </div>
    </section>`,
  props: {
    scope: String, // the event, so two events on one address keep apart in storage
    texts: Object, // the section's fixed texts in the phone's language
    max: Number, // the longest question the server accepts (the counter turns to a warning above it)
    token: String, // the server's pinned vote token for this phone, when it differs from ours
    confirmed: Object, // {submission, id, text}: a question the server has committed
    status: Object, // the server's last answer {text, ok, seq}
    states: Object, // {question id: its state in words} for the phone's own questions
    sort: String, // the order the server lists `items` in: 'top' or 'new'
    items: Array, // [{id, text, votes}]: at most ten of the room's visible questions
    voted: Array, // ids of the questions this phone has voted for (listed or not)
  },
  data() {
    return {
      text: "",
      sent: null, // the text of the last Send, cleared from the box once the server confirms it
      waiting: false,
      mine: [],
      submissionId: "",
      handled: "",
      chosen: this.sort || "top",
      busy: {},
      uid: "q-sort-" + Math.random().toString(36).slice(2),
    };
  },
  computed: {
    length() {
      return cleanLength(this.text);
    },
    shown() {
      return this.waiting ? this.texts.sending : (this.status && this.status.text) || "";
    },
    problem() {
      return !this.waiting && !!this.status && !this.status.ok;
    },
    own() {
      return [...this.mine].sort((a, b) => b.id - a.id).slice(0, MINE_SHOWN);
    },
  },
  watch: {
    token(value) {
      if (HEX32.test(value || "")) this.write("token", value);
    },
    confirmed(value) {
      // every update of this element brings the props anew: act once per confirmation
      const key = value && value.id ? value.submission + ":" + value.id : "";
      if (key && key !== this.handled) {
        this.handled = key;
        this.remember(value);
      }
    },
    "status.seq"() {
      this.waiting = false;
      this.busy = {};
    },
    voted() {
      this.busy = {};
    },
    sort(value) {
      this.chosen = value || "top";
    },
  },
  mounted() {
    let token = this.read("token");
    if (!HEX32.test(token || "")) {
      token = randomHex(16);
      this.write("token", token);
    }
    this.mine = this.stored();
    this.submission();
    this.$emit("restore", { token, mine: this.mine });
  },
  methods: {
    send() {
      this.sent = this.text;
      this.waiting = true;
      this.$emit("ask", { text: this.text, submission: this.submission() });
    },
    vote(id) {
      this.busy = { ...this.busy, [id]: true }; // pressed at once; filled only when the server says it counted
      this.$emit("vote", { id });
    },
    pick(sort) {
      this.chosen = sort;
      this.$emit("sort", { sort });
    },
    on(id) {
      return (this.voted || []).includes(id);
    },
    grow() {
      const box = this.$refs.box;
      if (!box) return;
      box.style.height = "auto";
      box.style.height = box.scrollHeight + 2 + "px";
    },
    remember(question) {
      const before = this.read("mine") === null ? this.mine : this.stored(); // no storage: what this page has seen
      const list = before.filter((q) => q.id !== question.id);
      list.push({ id: question.id, text: String(question.text || "") });
      this.mine = list.slice(-MINE_KEPT);
      this.write("mine", JSON.stringify(this.mine));
      if (question.submission === this.submissionId || question.submission === this.read("submission")) {
        this.submissionId = randomHex(16); // this one is used up: the next question gets a fresh id
        this.write("submission", this.submissionId);
      }
      if (this.sent !== null && this.text === this.sent) {
        this.text = ""; // what was typed since that Send stays
        this.$nextTick(this.grow);
      }
      this.sent = null;
    },
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
    stored() {
      try {
        const list = JSON.parse(this.read("mine") || "[]");
        return Array.isArray(list) ? list.filter((q) => q && Number.isInteger(q.id)).slice(-MINE_KEPT) : [];
      } catch (e) {
        return [];
      }
    },
    submission() {
      // the id in storage wins (another tab may have used one up); without storage, the one this page holds
      const stored = this.read("submission");
      if (HEX32.test(stored || "")) this.submissionId = stored;
      else if (!HEX32.test(this.submissionId)) this.submissionId = randomHex(16);
      if (stored !== this.submissionId) this.write("submission", this.submissionId);
      return this.submissionId;
    },
  },
};
