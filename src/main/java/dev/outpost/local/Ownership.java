package dev.outpost.local;

/**
 * Who may change or delete whose local verdict (issue 14; docs/local-verdicts.md):
 *
 * <ul>
 *   <li>an admin: any verdict;
 *   <li>an operator: the verdicts they own (created, or last changed) and every verdict a machine
 *       submitted, which a person may always overrule;
 *   <li>nobody else: another operator's verdict is that operator's decision, and overruling it is
 *       an admin's call.
 * </ul>
 *
 * Whoever changes a verdict becomes its owner: the decision is theirs from then on. Machines
 * (submitters) have their own, narrower rule in {@link Submissions}: they never touch a person's
 * verdict.
 */
final class Ownership {
    private Ownership() {}

    static boolean mayChange(Editor editor, LocalVerdict row) {
        return editor.admin()
                || row.effectiveOrigin() == Origin.SUBMITTER
                || row.effectiveOwner().equals(editor.name());
    }

    static void checkMayChange(Editor editor, LocalVerdict row) {
        if (!mayChange(editor, row)) {
            throw new LocalVerdictException.NotYours(row.id, row.effectiveOwner());
        }
    }
}
