"""The minutes' action items: who does what by when, and agreed work nobody has taken on."""

from __future__ import annotations

from reviewroom.store.minutes.context import MinutesContext
from reviewroom.store.minutes.escaping import inline
from reviewroom.store.model import ChangeRequest, Decision, Listing


def agreed(ctx: MinutesContext) -> list[ChangeRequest]:
    """The requests whose record this meeting stands behind (not those only listed to re-check)."""
    return [r for r in ctx.requests if ctx.listing.get(r.id) is not Listing.RECHECK]


def action_items(ctx: MinutesContext) -> list[ChangeRequest]:
    """Every request with an owner, by due date (undated last), then by number."""
    owned = [r for r in agreed(ctx) if r.owner.strip()]
    return sorted(owned, key=lambda r: (r.due is None, r.due or "", r.number))


def unowned_work(ctx: MinutesContext) -> list[ChangeRequest]:
    """Accepted requests and agreed alternatives that nobody has taken on yet."""
    return [r for r in agreed(ctx) if r.decision in (Decision.ACCEPTED, Decision.ALTERNATIVE)
            and not r.owner.strip()]


def _what_to_do(ctx: MinutesContext, req: ChangeRequest) -> str:
    """``CR-1 Alternative agreed: <the alternative> (requested: <the request>)``.

    What someone must do is the agreed alternative where there is one, not the original ask;
    the request follows so the reader still sees what it answers.
    """
    decision = ctx.decision(req.decision)
    if req.decision is Decision.ALTERNATIVE and req.alternative.strip():
        requested = ctx.t("action.requested", request=inline(req.request))
        return f"{inline(req.id)} {decision}: {inline(req.alternative, None)} ({requested})"
    return f"{inline(req.id)} {decision}: {inline(req.request)}"


def actions_section(ctx: MinutesContext) -> list[str]:
    """The action items (due date, owner, what was agreed), then agreed work with no owner."""
    lines = [f"## {ctx.t('h.actions')}", ""]
    items, unowned = action_items(ctx), unowned_work(ctx)
    if not items:
        lines.append(ctx.t("no_owned_actions" if unowned else "no_actions"))
    for req in items:
        due = inline(req.due) if req.due else ctx.t("no_due")
        lines.append(f"- **{due}** — {inline(req.owner, None)}: {_what_to_do(ctx, req)}")
    if unowned:
        lines += ["", f"### {ctx.t('h.no_owner')}", ""]
    for req in unowned:
        due = f" ({ctx.t('action.due', due=inline(req.due))})" if req.due else ""
        lines.append(f"- {_what_to_do(ctx, req)}{due}")
    return lines
