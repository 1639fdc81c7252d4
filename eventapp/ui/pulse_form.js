// The phone's pulse form as one element: created once per phone (empty), on a pulse open or close the server only
// sends new props. While open it is the form (and `pulse--focus`: the phone shows nothing else); once closed, the
// short `note`. Taps stay in the browser until Send; Send emits `answer` and "Saved" shows only when the server's
// answer arrives (a new `status`). Every text is interpolated as text, never as HTML. An opening or closing arrives as
// one message for every phone of the language (shared_props.js).
import Shared from "shared_props";

export default {
  mixins: [Shared],
  template: `
    <section v-if="open || note" :class="{ 'pulse--focus': open }">
      <template v-if="open">
        <div class="pulse__title">{{ title }}</div>
        <template v-for="s in statements" :key="s.id">
          <div class="pulse__prompt" :id="'pulse-prompt-' + s.id">{{ s.text }}</div>
          <div class="pulse__scale" role="group" :aria-labelledby="'pulse-prompt-' + s.id"
               :data-testid="'scale-' + s.id">
            <button v-for="v in scale" :key="v" type="button"
                    :class="['pulse__choice', chosen[s.id] === v ? 'pulse__choice--on' : '']"
                    :aria-pressed="chosen[s.id] === v ? 'true' : 'false'" @click="pick(s.id, v)">{{ v }}</button>
          </div>
          <div class="pulse__ends"><span>1 {{ s.low }}</span><span>{{ s.high }} 5</span></div>
        </template>
        <div class="pulse__send">
          <input v-if="word" v-model="wordText" class="pulse__word" type="text" autocomplete="off"
                 :placeholder="texts.word_label" :aria-label="texts.word_label" :maxlength="wordMax"
                 data-testid="pulse-word" @input="touch" @keydown.enter="send" />
          <button type="button" class="pulse__button" data-testid="pulse-send" @click="send">
            {{ saved ? texts.update : texts.send }}
          </button>
        </div>
        <div :class="['pulse__status', status && !status.ok ? 'pulse__status--problem' : '']"
             role="status" aria-live="polite" data-testid="pulse-status">{{ shown }}</div>
      </template>
      <div v-else class="pulse__note" role="status" data-testid="pulse-note">{{ note }}</div>
    </section>`,
  props: {
    open: Boolean,
    session: String,
    title: String,
    statements: Array, // [{id, text, low, high}]
    word: Boolean,
    wordMax: Number,
    texts: Object, // {send, update, word_label}
    saved: Object, // the phone's stored answer {values, word}, or null
    status: Object, // the server's last answer {text, ok, seq}
    note: String, // "The pulse after … is closed. Thank you!" while the pulse is closed, else ""
  },
  data() {
    return { scale: [1, 2, 3, 4, 5], chosen: {}, wordText: "", edited: false, sent: null };
  },
  computed: {
    shown() {
      return this.edited || !this.status ? "" : this.status.text;
    },
  },
  watch: {
    session() {
      this.reset();
    },
    "status.seq"() {
      // the server answered: what it said stands, unless the person changed something since that Send
      this.edited = this.sent !== null && this.sent !== this.snapshot();
    },
  },
  created() {
    this.reset();
  },
  methods: {
    reset() {
      const saved = this.saved || {};
      this.chosen = { ...(saved.values || {}) };
      this.wordText = saved.word || "";
      this.edited = false;
      this.sent = null;
    },
    snapshot() {
      return JSON.stringify([this.chosen, this.wordText]);
    },
    touch() {
      this.edited = true;
    },
    pick(id, value) {
      this.chosen = { ...this.chosen, [id]: value };
      this.edited = true;
    },
    send() {
      this.sent = this.snapshot();
      const values = {};
      for (const s of this.statements || []) values[s.id] = this.chosen[s.id] ?? null;
      this.$emit("answer", { session: this.session, values, word: this.word ? this.wordText : "" });
    },
  },
};
