// The phone's way in as one element: first the event code (when the link did not carry it), then first name and
// department. What the person types stays in the browser until they tap; the tap emits one event (`code` {code} or
// `join` {name, department}) and the server answers with a new `seq`: a message to show, the next step, or, after a
// join, the page itself moves on to the "now" view. The department is a native <select>: the phone's own picker.
// Every text is interpolated as text, never as HTML.
export default {
  template: `
    <form novalidate @submit.prevent="send">
      <template v-if="step === 'code'">
        <div class="phone__headline">{{ texts.code_title }}</div>
        <label :class="['join__field', code ? 'join__field--filled' : '']">
          <input v-model="code" class="join__control" type="text" autocapitalize="characters" autocomplete="off"
                 autocorrect="off" spellcheck="false" maxlength="12" data-testid="code-input" />
          <span class="join__label">{{ texts.code_label }}</span>
        </label>
      </template>
      <template v-else>
        <div class="phone__headline">{{ texts.title }}</div>
        <div class="phone__lead">{{ texts.lead }}</div>
        <div>
          <label :class="['join__field', name ? 'join__field--filled' : '']">
            <input v-model="name" class="join__control" type="text" autocomplete="given-name" :maxlength="nameMax"
                   data-testid="name-input" />
            <span class="join__label">{{ texts.name }}</span>
          </label>
          <div class="join__counter" aria-hidden="true">{{ name.length }} / {{ nameMax }}</div>
        </div>
        <label :class="['join__field', 'join__field--select', department ? 'join__field--filled' : '']">
          <select v-model="department" class="join__control" data-testid="department-select">
            <option value="" disabled hidden></option>
            <option v-for="d in departments" :key="d" :value="d">{{ d }}</option>
          </select>
          <span class="join__label">{{ texts.department }}</span>
        </label>
      </template>
      <div class="phone__error" role="alert" data-testid="join-error">{{ problem }}</div>
      <button type="submit" class="join__button" :disabled="busy" :aria-busy="busy ? 'true' : 'false'"
              :data-testid="step === 'code' ? 'code-submit' : 'join-submit'">
        {{ step === 'code' ? texts.continue : texts.submit }}
      </button>
    </form>`,
  props: {
    step: String, // code | join
    texts: Object, // {code_title, code_label, continue, title, lead, name, department, submit}
    departments: Array,
    nameMax: Number,
    problem: String, // the server's message after the last tap ('' for none)
    seq: Number, // changes with every answer from the server
  },
  data() {
    return { code: "", name: "", department: "", busy: false };
  },
  watch: {
    seq() {
      this.settle();
    },
  },
  unmounted() {
    clearTimeout(this.timer);
  },
  methods: {
    send() {
      if (this.busy) return;
      this.busy = true;
      // no answer (the connection dropped): the button comes back, so the person can tap again
      this.timer = setTimeout(() => (this.busy = false), 8000);
      if (this.step === "code") this.$emit("code", { code: this.code });
      else this.$emit("join", { name: this.name, department: this.department });
    },
    settle() {
      clearTimeout(this.timer);
      this.busy = false;
    },
  },
};
