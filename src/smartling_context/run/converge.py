"""After writing, settle what runs racing on the same pull request made twice.

Two runs started together can both miss each other's context in their look-up
and upload the same screenshot twice, or both bind one string on one context.
Each run that wrote something re-reads, after its writes, the contexts named
by its screenshots' fingerprints and the bindings of its strings, and applies
one rule every run agrees on whatever the interleaving:

- of the contexts with one fingerprinted name, the smallest uid is kept; the
  bindings of the others are moved onto it (those whose string it lacks, with
  their boxes), then the others are deleted;
- of the bindings of one string on one kept context, the smallest uid is kept;
- a binding this run made that a racing run's clean-up took away is made again
  on the kept context.

Whatever a run wrote, its own re-read sees (it comes after), so the last writer
sees every duplicate; a round that had to write is followed by another re-read,
up to `ROUNDS`. Only contexts named with this action's fingerprint (`<name>
#<12 hex>`, the names of this plan's screenshots) and bindings on them are ever
deleted: nothing a person made elsewhere in Smartling.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from smartling_context.run.outcomes import (
    BindingId,
    Bound,
    ContextReady,
    Failed,
    Outcomes,
)
from smartling_context.run.plan import Plan
from smartling_context.smartling.client import SmartlingClient
from smartling_context.smartling.models import Binding, BindingRequest, Context, Coordinates

ROUNDS = 5


@dataclass(frozen=True)
class _Want:
    """A binding this run stands for: on the context of `name`, for `hashcode`."""

    ident: BindingId
    name: str
    hashcode: str
    coordinates: Coordinates | None
    anchors: tuple[str, ...] = ()


def converge(plan: Plan, client: SmartlingClient, outcomes: Outcomes) -> None:
    """Re-read and remove duplicates until a re-read finds nothing to fix."""
    names = {s.context_name: s.shot.image for s in plan.screenshots}
    wants = _wants(plan, outcomes)
    hashcodes = {w.hashcode for w in wants} | _matched(outcomes)
    for _ in range(ROUNDS):
        contexts, bindings = _read(client, set(names), hashcodes)
        for name, found in contexts.items():
            ready = outcomes.screenshots.get(names[name])
            if found and isinstance(ready, ContextReady) and ready.uid != found[0].uid:
                outcomes.record_screenshot(names[name], ContextReady(found[0].uid, ready.reused))
        merged, moved = _merge_contexts(client, contexts)
        hashcodes |= moved
        if merged:
            continue  # contexts went, bindings came: read again before judging the rest
        wrote = _drop_duplicate_bindings(client, contexts, bindings)
        wrote |= _restore(client, contexts, bindings, wants, outcomes)
        if not wrote:
            return


def _wants(plan: Plan, outcomes: Outcomes) -> list[_Want]:
    """The explicit bindings this run made or found, and those that failed for want
    of a context (a racing run deleted it): all must end on the kept context."""
    wants = []
    for shot in plan.screenshots:
        for binding in shot.bindings:
            code = outcomes.hashcode(binding.string) if binding.string else None
            ident = (shot.shot.image, binding.bound.key)
            if code is None or ident not in outcomes.bindings:
                continue
            box = binding.bound.coordinates
            wants.append(
                _Want(
                    ident,
                    shot.context_name,
                    code,
                    Coordinates(**box) if box else None,
                    binding.bound.anchors,
                )
            )
    return wants


def _matched(outcomes: Outcomes) -> set[str]:
    """The strings OCR bound this run: two runs' matches may bind one string twice."""
    return {
        code
        for found in outcomes.ocr.values()
        if isinstance(found, tuple)
        for match in found
        if (code := outcomes.hashcode(match.string))
    }


def _read(
    client: SmartlingClient, names: set[str], hashcodes: set[str]
) -> tuple[dict[str, list[Context]], list[Binding]]:
    """The contexts of each name and the bindings of the strings, side by side."""
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="converge") as pool:
        contexts = pool.submit(client.find_contexts, names)
        bindings = pool.submit(client.bindings_of_strings, hashcodes) if hashcodes else None
        return contexts.result(), bindings.result() if bindings else []


def _merge_contexts(
    client: SmartlingClient, contexts: dict[str, list[Context]]
) -> tuple[bool, set[str]]:
    """Move the bindings of each duplicate context onto the kept one (smallest uid),
    then delete the duplicate. Returns whether any context was merged, and the
    hashcodes of the bindings moved."""
    merged, moved = False, set[str]()
    for found in contexts.values():
        if len(found) < 2:
            continue
        merged = True
        kept, others = found[0], found[1:]
        on_kept = {b.hashcode for b in client.list_bindings(kept.uid)}
        for other in others:
            missing = {
                b.hashcode: BindingRequest(kept.uid, b.hashcode, b.coordinates, b.anchors)
                for b in client.list_bindings(other.uid)
                if b.hashcode not in on_kept
            }
            if missing:
                created = client.create_bindings(list(missing.values()))
                failed = [code for (_, code), made in created.items() if isinstance(made, str)]
                on_kept |= set(missing) - set(failed)
                moved |= set(missing) - set(failed)
                if failed:
                    continue  # deleting it would lose them: the next round tries again
            client.delete_context(other.uid)
    return merged, moved


def _kept(contexts: dict[str, list[Context]]) -> dict[str, str]:
    """Each name's kept context uid."""
    return {name: found[0].uid for name, found in contexts.items() if found}


def _drop_duplicate_bindings(
    client: SmartlingClient, contexts: dict[str, list[Context]], bindings: list[Binding]
) -> bool:
    """Of several bindings of one string on one kept context, keep the smallest uid."""
    kept = set(_kept(contexts).values())
    by_pair: dict[tuple[str, str], list[str]] = {}
    for binding in bindings:
        if binding.context_uid in kept:
            by_pair.setdefault((binding.context_uid, binding.hashcode), []).append(binding.uid)
    extra = [uid for uids in by_pair.values() for uid in sorted(uids)[1:]]
    if extra:
        client.delete_bindings(extra)
    return bool(extra)


def _restore(
    client: SmartlingClient,
    contexts: dict[str, list[Context]],
    bindings: list[Binding],
    wants: list[_Want],
    outcomes: Outcomes,
) -> bool:
    """Bind again what this run stands for and the kept context lacks; a binding that
    failed here but that a racing run made counts as existing."""
    kept = _kept(contexts)
    present = {(b.context_uid, b.hashcode) for b in bindings}
    for want in wants:  # failed here (its context went), made by a racing run there
        made_there = want.name in kept and (kept[want.name], want.hashcode) in present
        if made_there and isinstance(outcomes.bindings.get(want.ident), Failed):
            outcomes.record_bindings({want.ident: Bound("existing")})
    missing = {
        w.ident: w for w in wants if w.name in kept and (kept[w.name], w.hashcode) not in present
    }
    if not missing:
        return False
    requests = [
        BindingRequest(kept[w.name], w.hashcode, w.coordinates, w.anchors) for w in missing.values()
    ]
    created = client.create_bindings(requests)
    made = False
    for ident, want in missing.items():
        answer = created.get((kept[want.name], want.hashcode), "Smartling did not answer")
        if isinstance(answer, str):
            if not isinstance(outcomes.bindings.get(ident), Bound):
                outcomes.record_bindings({ident: Failed(answer)})
            continue
        made = True
        if isinstance(outcomes.bindings.get(ident), Failed):
            outcomes.record_bindings({ident: Bound("created")})
    return made  # a binding made is a write: read again
