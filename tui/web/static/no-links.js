/* reviewroom: client text never becomes a clickable link in this view.
 *
 * Loaded before textual-serve's script, which assigns its xterm.js web-links addon as
 * `this.weblinksAddon` and then loads it: the addon is stored inert (its `activate` does
 * nothing), so no link provider is ever registered. tests/app/test_serve.py fails if that name
 * leaves textual-serve's script, and runs this file under node.
 */
Object.defineProperty(Object.prototype, "weblinksAddon", {
  configurable: true,
  set(addon) {
    addon.activate = function () {};
    Object.defineProperty(this, "weblinksAddon", {value: addon, writable: true});
  },
});
