// Props that every phone of a group shows alike arrive as one "shared" message for the whole group (see
// shared_props.py): {channel, v, props}. A component that mixes this in and names a `channel` gets those props written
// into its element in NiceGUI's element store, as if NiceGUI had sent them in an update of that element.
//
// Versions keep the newest copy: a message older than what the element shows is ignored, and when NiceGUI puts an
// older copy of the element in place (an update that was on its way, a component still loading when the message
// came), the newest message of its channel is written over it again.
const latest = new Map(); // channel -> the newest message seen on this page
const following = new Map(); // channel -> ids of the elements on this page that follow it
let listening = false;

function store(id) {
  return mounted_app?.elements?.[id]; // nicegui.js keeps every element's props there
}

function apply(id, message) {
  const element = store(id);
  if (element && (element.props.sharedV ?? -1) < message.v) Object.assign(element.props, message.props);
}

function receive(message) {
  if (!message || typeof message.channel !== "string" || typeof message.v !== "number") return;
  const known = latest.get(message.channel);
  if (known && known.v >= message.v) return;
  latest.set(message.channel, message);
  for (const id of following.get(message.channel) ?? []) apply(id, message);
}

function listen() {
  if (listening) return;
  if (!window.socket) {
    setTimeout(listen, 0); // the page's socket is made once all its elements are mounted
    return;
  }
  listening = true;
  window.socket.on("shared", receive);
}

export default {
  props: {
    channel: String,
    sharedV: Number,
  },
  mounted() {
    this.sharedId = String(this.$attrs.id ?? "").slice(1); // NiceGUI renders element 17 with id "c17"
    this.join(this.channel);
  },
  unmounted() {
    following.get(this.channel)?.delete(this.sharedId);
  },
  watch: {
    channel(now, before) {
      following.get(before)?.delete(this.sharedId); // e.g. '' once the phone's pledge is its own
      this.join(now);
    },
    sharedV() {
      this.catchUp();
    },
  },
  methods: {
    join(channel) {
      if (!channel || !this.sharedId) return;
      if (!following.has(channel)) following.set(channel, new Set());
      following.get(channel).add(this.sharedId);
      listen();
      this.catchUp();
    },
    catchUp() {
      const message = this.channel && latest.get(this.channel);
      if (message) apply(this.sharedId, message);
    },
  },
};
