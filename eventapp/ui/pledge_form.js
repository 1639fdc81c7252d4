// The phone's pledge section as one element: created once per phone (hidden); when the day asks for pledges the
// server only sends new props (`mode`, the phone's saved pledge or the defaults). The texts, goals and wall choices are
// given once when the page is built. What the person types stays in the browser until Save; Save emits `save` with
// the fields and "Saved" shows only when the server's answer arrives (a new `status`). Once pledging closed the
// section shows the pledge read-only; the calendar button emits `calendar`. Every text is interpolated as text or set
// as an input value, never as HTML. Until the phone has a pledge of its own, the day asking for pledges arrives as one
// message for every phone of the language (shared_props.js); the defaults it starts from came with the page.
import Shared from "shared_props";

export default {
  mixins: [Shared],
  template: `
    <section v-show="mode">
      <div v-if="mode === 'form'" class="pledge__form" data-testid="pledge-form">
        <div class="phone__headline pledge__title">{{ tx.title }}</div>
        <div class="phone__lead">{{ tx.lead }}</div>
        <label class="pledge__field">
          <span class="pledge__label">{{ tx.text }}</span>
          <textarea v-model="f.text" class="pledge__input pledge__textarea" rows="3" :maxlength="max.text"
                    data-testid="pledge-text" @input="touch"></textarea>
          <span class="pledge__counter">{{ f.text.length }} / {{ max.text }}</span>
        </label>
        <div class="pledge__label" :id="uid + '-goal'">{{ tx.goal }}</div>
        <div class="pledge__choices pledge__goals" role="radiogroup" :aria-labelledby="uid + '-goal'"
             data-testid="pledge-goal">
          <label v-for="g in goals" :key="g.id" class="pledge__choice">
            <input type="radio" :name="uid + '-goal'" :value="g.id" v-model="f.goal" @change="touch" />
            <span :class="['goals__chip', 'goals__chip--phone', g.colour]">{{ g.label }}</span>
          </label>
        </div>
        <label class="pledge__field">
          <span class="pledge__label">{{ tx.deadline }}</span>
          <input v-model="f.deadline" class="pledge__input" type="datetime-local" :max="latest"
                 data-testid="pledge-deadline" @input="touch" />
        </label>
        <label class="pledge__field">
          <span class="pledge__label">{{ tx.partner }}</span>
          <input v-model="f.partner" class="pledge__input" type="text" :maxlength="max.partner"
                 autocomplete="off" data-testid="pledge-partner" @input="touch" />
          <span class="pledge__hint">{{ tx.partner_hint }}</span>
        </label>
        <label class="pledge__field">
          <span class="pledge__label">{{ tx.name }}</span>
          <input v-model="f.name" class="pledge__input" type="text" :maxlength="max.name"
                 autocomplete="given-name" data-testid="pledge-name" @input="touch" />
          <span class="pledge__hint">{{ tx.name_hint }}</span>
        </label>
        <div class="pledge__label" :id="uid + '-wall'">{{ tx.wall }}</div>
        <div class="pledge__choices" role="radiogroup" :aria-labelledby="uid + '-wall'" data-testid="pledge-wall">
          <label v-for="c in walls" :key="c.id" class="pledge__choice">
            <input type="radio" :name="uid + '-wall'" :value="c.id" v-model="f.wall" @change="touch" />
            <span>{{ c.label }}</span>
          </label>
        </div>
        <div class="phone__error" role="alert" data-testid="pledge-error">{{ problem }}</div>
        <div class="pledge__status" role="status" aria-live="polite" data-testid="pledge-status">{{ shown }}</div>
        <button type="button" class="pledge__button pledge__save" data-testid="pledge-save" @click="save">
          {{ saved ? tx.update : tx.save }}
        </button>
      </div>
      <template v-else-if="mode === 'closed'">
        <div class="phone__lead" data-testid="pledge-closed">{{ tx.closed }}</div>
        <div class="pledge__card">
          <span :class="['goals__chip', 'goals__chip--phone', own.colour]">{{ own.goal }}</span>
          <div class="pledge__text" data-testid="pledge-own">{{ own.text }}</div>
          <div class="pledge__meta">{{ own.deadline }}</div>
          <div v-if="own.partner" class="pledge__meta">{{ own.partner }}</div>
        </div>
      </template>
      <button v-if="mode && saved" type="button" class="pledge__button pledge__button--outline"
              data-testid="pledge-calendar" @click="$emit('calendar')">
        <svg class="pledge__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M17 12h-5v5h5v-5zM16 1v2H8V1H6v2H5c-1.11 0-1.99.9-1.99 2L3 19c0 1.1.89 2 2 2h14c1.1
            0 2-.9 2-2V5c0-1.1-.9-2-2-2h-1V1h-2zm3 18H5V8h14v11z" />
        </svg>
        {{ tx.calendar }}
      </button>
    </section>`,
  props: {
    mode: String, // 'form', 'closed' (the pledge read-only) or '' (nothing shows)
    load: Number, // a new value: start again from `initial` (the form was shown anew)
    initial: Object, // {text, goal, deadline, partner, name, wall}: the saved pledge or the defaults
    saved: Boolean, // the phone has a saved pledge: "Update" instead of "Save", and the calendar button
    own: Object, // the saved pledge read-only: {goal, colour, text, deadline, partner} as texts
    goals: Array, // [{id, label, colour}]
    walls: Array, // [{id, label}]
    latest: String, // the latest allowed deadline, 'YYYY-MM-DDTHH:MM' in the event's time zone
    limits: Array, // [[field, most characters], ...]
    texts: Array, // [[key, text], ...]
    status: Object, // the server's last answer {text, ok, seq}
  },
  data() {
    return { f: this.fields(), edited: false, waiting: false, uid: "pledge-" + Math.random().toString(36).slice(2) };
  },
  computed: {
    tx() {
      return Object.fromEntries(this.texts || []);
    },
    max() {
      return Object.fromEntries(this.limits || []);
    },
    shown() {
      if (this.waiting) return this.tx.saving;
      return this.edited || !this.status || !this.status.ok ? "" : this.status.text;
    },
    problem() {
      return this.waiting || this.edited || !this.status || this.status.ok ? "" : this.status.text;
    },
  },
  watch: {
    load() {
      this.f = this.fields();
      this.edited = false;
      this.waiting = false;
    },
    "status.seq"() {
      this.waiting = false;
    },
  },
  methods: {
    fields() {
      const i = this.initial || {};
      return {
        text: i.text || "",
        goal: i.goal || "",
        deadline: i.deadline || "",
        partner: i.partner || "",
        name: i.name || "",
        wall: i.wall || "",
      };
    },
    touch() {
      this.edited = true;
    },
    save() {
      this.edited = false;
      this.waiting = true;
      this.$emit("save", { ...this.f });
    },
  },
};
