// The phone's pledge form as one element: created once per phone (hidden); when the day asks for pledges the server
// only sends new props (open, the goals, the latest deadline, the phone's saved pledge). What the person types stays
// in the browser until Save; Save emits `save` with the fields and "Saved" shows only when the server's answer
// arrives (a new `status`). Every text is interpolated as text or set as an input value, never as HTML.
export default {
  template: `
    <div>
      <template v-if="open">
        <div class="phone__headline pledge__title">{{ texts.title }}</div>
        <div class="phone__lead">{{ texts.lead }}</div>
        <label class="pledge__field">
          <span class="pledge__label">{{ texts.text }}</span>
          <textarea v-model="f.text" class="pledge__input pledge__textarea" rows="3" :maxlength="limits.text"
                    data-testid="pledge-text" @input="touch"></textarea>
          <span class="pledge__counter">{{ f.text.length }} / {{ limits.text }}</span>
        </label>
        <div class="pledge__label" :id="uid + '-goal'">{{ texts.goal }}</div>
        <div class="pledge__choices pledge__goals" role="radiogroup" :aria-labelledby="uid + '-goal'"
             data-testid="pledge-goal">
          <label v-for="g in goals" :key="g.id" class="pledge__choice">
            <input type="radio" :name="uid + '-goal'" :value="g.id" v-model="f.goal" @change="touch" />
            <span :class="['goals__chip', 'goals__chip--phone', g.colour]">{{ g.label }}</span>
          </label>
        </div>
        <label class="pledge__field">
          <span class="pledge__label">{{ texts.deadline }}</span>
          <input v-model="f.deadline" class="pledge__input" type="datetime-local" :max="latest"
                 data-testid="pledge-deadline" @input="touch" />
        </label>
        <label class="pledge__field">
          <span class="pledge__label">{{ texts.partner }}</span>
          <input v-model="f.partner" class="pledge__input" type="text" :maxlength="limits.partner"
                 autocomplete="off" data-testid="pledge-partner" @input="touch" />
          <span class="pledge__hint">{{ texts.partner_hint }}</span>
        </label>
        <label class="pledge__field">
          <span class="pledge__label">{{ texts.name }}</span>
          <input v-model="f.name" class="pledge__input" type="text" :maxlength="limits.name"
                 autocomplete="given-name" data-testid="pledge-name" @input="touch" />
          <span class="pledge__hint">{{ texts.name_hint }}</span>
        </label>
        <div class="pledge__label" :id="uid + '-wall'">{{ texts.wall }}</div>
        <div class="pledge__choices" role="radiogroup" :aria-labelledby="uid + '-wall'" data-testid="pledge-wall">
          <label v-for="c in walls" :key="c.id" class="pledge__choice">
            <input type="radio" :name="uid + '-wall'" :value="c.id" v-model="f.wall" @change="touch" />
            <span>{{ c.label }}</span>
          </label>
        </div>
        <div class="phone__error" role="alert" data-testid="pledge-error">{{ problem }}</div>
        <div class="pledge__status" role="status" aria-live="polite" data-testid="pledge-status">{{ shown }}</div>
        <button type="button" class="pledge__button pledge__save" data-testid="pledge-save" @click="save">
          {{ saved ? texts.update : texts.save }}
        </button>
      </template>
    </div>`,
  props: {
    open: Boolean,
    load: Number, // a new value: start again from `initial` (the form was shown anew)
    initial: Object, // {text, goal, deadline, partner, name, wall}: the saved pledge or the defaults
    saved: Boolean, // the phone has a saved pledge
    goals: Array, // [{id, label, colour}]
    walls: Array, // [{id, label}]
    latest: String, // the latest allowed deadline, 'YYYY-MM-DDTHH:MM' in the event's time zone
    limits: Object, // {text, partner, name}
    texts: Object,
    status: Object, // the server's last answer {text, ok, seq}
  },
  data() {
    return { f: this.fields(), edited: false, waiting: false, uid: "pledge-" + Math.random().toString(36).slice(2) };
  },
  computed: {
    shown() {
      if (this.waiting) return this.texts.saving;
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
