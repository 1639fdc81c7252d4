// A countdown that ticks in the browser. The server sends the seconds left when it sends the props;
// the browser counts down from the moment they arrive, so no server timer runs per phone and clock skew
// between laptop and phone does not matter.
export default {
  template: `
    <div :class="['countdown', 'countdown--' + state]" role="timer" aria-live="off">
      <span class="countdown__time">{{ text }}</span>
      <span v-if="word" class="countdown__word">{{ word }}</span>
    </div>`,
  props: {
    remaining: Number, // seconds left when sent (negative: over time)
    running: Boolean, // false: paused or nothing on
    stamp: Number, // changes with every update from the server
    amber: { type: Number, default: 120 },
    words: Object, // {soon, over, paused}
  },
  data() {
    return { receivedAt: Date.now(), now: Date.now() };
  },
  watch: {
    stamp() {
      this.receivedAt = Date.now();
      this.now = this.receivedAt;
    },
  },
  computed: {
    left() {
      const passed = this.running ? (this.now - this.receivedAt) / 1000 : 0;
      return this.remaining - passed;
    },
    state() {
      if (!this.running && this.stamp) return "paused";
      if (this.left < 0) return "over";
      if (this.left <= this.amber) return "soon";
      return "ok";
    },
    text() {
      const s = Math.abs(Math.trunc(this.left));
      const h = Math.floor(s / 3600);
      const m = Math.floor((s % 3600) / 60);
      const sec = String(s % 60).padStart(2, "0");
      const body = h ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${String(m).padStart(2, "0")}:${sec}`;
      return (this.left < 0 ? "+" : "") + body;
    },
    word() {
      const words = this.words || {};
      return { paused: words.paused, over: words.over, soon: words.soon }[this.state] || "";
    },
  },
  mounted() {
    this.timer = setInterval(() => (this.now = Date.now()), 250);
  },
  unmounted() {
    clearInterval(this.timer);
  },
};
