// The joined phone's "now" as one element: the greeting, what the day is doing (before the start, the session with
// its beat, ticking countdown, text and what comes next, or the thank-you once finished). Built once per phone; a
// run change only sends new props, the same message to every phone of a language. The countdown is countdown.js
// itself (imported through NiceGUI's import map), so the phone and the big screen tick the same way. Every text is
// interpolated as text, never as HTML.
import Countdown from "countdown";
import Shared from "shared_props";

export default {
  components: { Countdown },
  mixins: [Shared], // a run change arrives as one message for every phone of the language (shared_props.js)
  template: `
    <div>
      <div class="phone__lead" data-testid="greeting">{{ greeting }}</div>
      <div v-if="phase === 'before'" class="phone__headline">{{ before }}</div>
      <div v-else-if="phase === 'finished'" class="phone__headline">{{ finished }}</div>
      <div v-else-if="phase === 'running'" class="phone__now">
        <div :class="['beat-chip', beatClass]" data-testid="beat">{{ beat }}</div>
        <div class="phone__title" data-testid="session-title">{{ title }}</div>
        <countdown class="phone__countdown" data-testid="countdown" :remaining="remaining" :running="running"
                   :stamp="stamp" :words="words" />
        <div class="phone__text">{{ text }}</div>
        <div v-if="next" class="phone__next">{{ next }}</div>
      </div>
    </div>`,
  props: {
    greeting: String, // this phone's own, set once
    before: String, // "We start at 09:00", per language
    finished: String,
    soon: String, // the countdown's words, per language
    over: String,
    paused: String,
    phase: String, // before | running | finished
    beat: String,
    beatClass: String,
    title: String,
    text: String,
    next: String,
    remaining: Number, // seconds left when sent (negative: over time)
    running: Boolean, // false: paused or nothing on
    stamp: Number, // changes with every run change while a session runs (0: none runs)
  },
  computed: {
    words() {
      return { soon: this.soon, over: this.over, paused: this.paused };
    },
  },
};
