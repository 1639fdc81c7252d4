// The phone's table-round card as one element: created once per phone, the server only sends new props when what
// this phone shows changed (a new round, a mate leaving, a session with another exercise). Nothing shows while
// `table` is empty (no seat, or the day is over). Every text is interpolated as text, never as HTML. The exercise
// card's texts arrive as one message for every phone of the language (shared_props.js).
import Shared from "shared_props";

export default {
  mixins: [Shared],
  template: `
    <section v-if="table">
      <div class="rounds__table" data-testid="table">{{ table }}</div>
      <div class="rounds__role" data-testid="role">{{ role }}</div>
      <div class="rounds__duty">{{ duty }}</div>
      <div class="rounds__mates" data-testid="mates">{{ mates }}</div>
      <div v-if="title" class="exercise exercise--phone">
        <div class="exercise__title" data-testid="exercise-title">{{ title }}</div>
        <div v-if="partners" class="exercise__partners" data-testid="partners">{{ partners }}</div>
        <div class="exercise__text">{{ text }}</div>
        <div class="exercise__steps">{{ steps }}</div>
      </div>
    </section>`,
  props: {
    table: String, // "Bord 7", or "" to show nothing
    role: String,
    duty: String,
    mates: String, // "Ved bordet: Kari, Ola og Per", or ""
    title: String, // the exercise card of the session now, or "" when it names none
    partners: String, // "Du jobber med: Ola" in a pairs exercise, else ""
    text: String,
    steps: String, // one line per step
  },
};
