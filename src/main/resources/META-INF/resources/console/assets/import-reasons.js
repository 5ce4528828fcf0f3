// Why an import ended as it did, in plain words, and what the operator can do about it (issue 15).
// Keys are the stable reason codes the appliance records (GET /api/v1/imports, the quarantine's
// .reason files, outpost_imports_total); ImportsPageTest fails when the server can produce a code
// that is missing here. Kept apart from the imports page so that other pages (the overview's last
// imports) can explain a reason without running the imports page.

const GET_A_FRESH_COPY = 'Do not use this file. Copy the bundle again from its source, compare its SHA-256 with the'
  + ' one the publisher published, and upload the good copy. If a fresh copy is refused the same way, send the'
  + ' details below to the publisher.';
const REPORT_TO_PUBLISHER = 'The live data is untouched. Send the details below to the publisher and ask for a'
  + ' corrected bundle; a full bundle of the same or a later sequence also does.';
const REPORT_ROOTS = 'Do not trust this bundle: the chain of trust roots it carries is not valid. Report it to the'
  + ' publisher with the details below; it may be damaged or forged.';

function interrupted(state) {
  return {
    words: `The appliance stopped while this import was at “${state}”; it was recorded at the next start. The`
      + ' active data stayed as it was.',
    advice: 'Upload the bundle again (a bundle in the inbox is tried again on its own).',
  };
}

/** code → { words: what happened, advice: what to do about it }. */
export const REASONS = Object.freeze({
  // The file itself.
  'not-a-bundle': {
    words: 'This file is not an Outpost bundle.',
    advice: 'Check that you chose the bundle itself (a .bundle file from the publisher), not a checksum file, an'
      + ' archive or a partial download, and upload that.',
  },
  'unsupported-format': {
    words: 'The bundle is in a format version this appliance cannot read.',
    advice: 'Ask the publisher for a bundle in a format this version of Outpost reads, or upgrade Outpost first.',
  },
  truncated: {
    words: 'The file ends too early: the bundle is incomplete.',
    advice: 'The copy was cut short (an interrupted download or copy). ' + GET_A_FRESH_COPY,
  },
  'trailing-data': {
    words: 'The file goes on after the end of the bundle.',
    advice: 'The copy was altered or joined to another file. ' + GET_A_FRESH_COPY,
  },
  'too-large': {
    words: 'The bundle is larger than this appliance accepts.',
    advice: 'Check that it is the right file. If it is, an administrator can raise outpost.bundle.max-bundle-bytes'
      + ' (and outpost.imports.max-upload-bytes for uploads).',
  },
  'too-many-entries': {
    words: 'A part of the bundle declares more entries than this appliance allows.',
    advice: 'If the bundle is genuine, an administrator can raise outpost.bundle.max-entries-per-part or'
      + ' outpost.bundle.max-threat-names; otherwise ask the publisher.',
  },
  // Signatures and trust.
  'bad-signature': {
    words: 'A signature by a trusted key does not match the bundle: it was changed after it was signed, or signed'
      + ' with another key.',
    advice: 'Treat it as a possible tampering attempt. ' + GET_A_FRESH_COPY,
  },
  'unknown-key': {
    words: 'The bundle is signed only by keys this appliance does not trust.',
    advice: 'Check that the bundle comes from your publisher. If the publisher has new keys, import a bundle that'
      + ' carries its new trust root, or have an administrator configure its keys (outpost.trust.root-keys).'
      + ' A bundle in the inbox is tried again after the next activation.',
  },
  'insufficient-signatures': {
    words: 'The bundle has fewer valid signatures by trusted keys than this appliance requires.',
    advice: 'Ask the publisher for a bundle signed by enough release keys (the details say how many are'
      + ' required), or have an administrator check outpost.trust.threshold.',
  },
  'malformed-signatures': {
    words: 'The bundle’s block of signatures is damaged.',
    advice: GET_A_FRESH_COPY,
  },
  'no-trusted-keys': {
    words: 'This appliance trusts no signing keys yet, so it cannot accept any bundle.',
    advice: 'An administrator must configure the publisher’s root keys (outpost.trust.root-keys) and restart the'
      + ' appliance; then upload the bundle again.',
  },
  'no-root': {
    words: 'No trust root is known yet, and the bundle does not carry the publisher’s first root.',
    advice: 'The first bundle on an appliance must carry the publisher’s root chain from version 1: ask the'
      + ' publisher for a full bundle with its complete root chain.',
  },
  'root-expired': {
    words: 'The publisher’s trust root has expired, so this bundle could be old data replayed.',
    advice: 'Ask the publisher for a bundle that carries a newer trust root, and upload that.',
  },
  'root-insufficient-signatures': {
    words: 'A new trust root in the bundle is not signed by enough keys of the root before it.',
    advice: REPORT_ROOTS,
  },
  'root-version-mismatch': {
    words: 'The trust roots in the bundle skip or repeat a version.',
    advice: REPORT_ROOTS,
  },
  'root-not-self-signed': {
    words: 'A new trust root in the bundle is not signed by its own keys.',
    advice: REPORT_ROOTS,
  },
  'malformed-roots': {
    words: 'The trust roots the bundle carries are damaged or not in the expected form.',
    advice: REPORT_ROOTS,
  },
  'malformed-root': {
    words: 'A trust root document in the bundle is damaged or not in the expected form.',
    advice: REPORT_ROOTS,
  },
  // What the bundle says, against what this appliance has.
  'dataset-mismatch': {
    words: 'The bundle is for another dataset than the one this appliance serves.',
    advice: 'Get the bundle of the dataset this appliance serves (the details name both datasets).',
  },
  rollback: {
    words: 'The bundle is older than the data already active. Outpost never goes back to older data.',
    advice: 'Nothing to do if you meant to update: newer data is already active. To serve this data again, the'
      + ' publisher must issue it under a newer sequence.',
  },
  expired: {
    words: 'The bundle has expired: its validity ended before the import.',
    advice: 'Get a current bundle from the publisher. If expired data is truly better than none, an operator on the'
      + ' appliance can import it with outpost import --allow-expired "<reason>" (audited); an upload cannot.',
  },
  'created-in-future': {
    words: 'The bundle says it was created later than this appliance’s clock allows.',
    advice: 'Check the appliance’s clock (NTP, time zone). If the clock is right, the publisher’s was wrong: ask'
      + ' for a new bundle. A bundle in the inbox is tried again later.',
  },
  'wrong-base': {
    words: 'This delta bundle updates a different sequence of the data than the one active here.',
    advice: 'Import the bundles it builds on first, then this delta again; or import a full bundle of the same'
      + ' or a later sequence instead.',
  },
  // The contents.
  'malformed-manifest': {
    words: 'The bundle’s table of contents (its manifest) is damaged or not in the expected form.',
    advice: GET_A_FRESH_COPY,
  },
  'unsupported-kind': {
    words: 'The bundle holds a kind of record this version of Outpost does not know.',
    advice: 'Upgrade Outpost, or ask the publisher for a bundle this version reads.',
  },
  'duplicate-part': {
    words: 'The bundle lists the same part twice.',
    advice: REPORT_TO_PUBLISHER,
  },
  'part-hash-mismatch': {
    words: 'The bundle’s contents differ from what the publisher signed: the file was damaged or tampered with'
      + ' after signing.',
    advice: GET_A_FRESH_COPY,
  },
  'corrupt-part': {
    words: 'A part of the bundle is damaged: it cannot be read as records.',
    advice: GET_A_FRESH_COPY,
  },
  'corrupt-record': {
    words: 'A record in the bundle is damaged.',
    advice: GET_A_FRESH_COPY,
  },
  'invalid-key': {
    words: 'A record in the bundle has an invalid key (a hash, URL or address of the wrong form).',
    advice: REPORT_TO_PUBLISHER,
  },
  'duplicate-record': {
    words: 'The bundle holds the same record twice.',
    advice: REPORT_TO_PUBLISHER,
  },
  'records-out-of-order': {
    words: 'The records in the bundle are not in the required order.',
    advice: REPORT_TO_PUBLISHER,
  },
  'count-mismatch': {
    words: 'The data built from the bundle does not have the record counts the bundle promises.',
    advice: REPORT_TO_PUBLISHER,
  },
  'state-mismatch': {
    words: 'The data built from the bundle does not match the state its publisher signed.',
    advice: 'For a delta bundle, this appliance’s data differs from the publisher’s: import a full bundle of the'
      + ' same or a later sequence. For a full bundle, send the details below to the publisher.',
  },
  'conflicting-change': {
    words: 'The delta bundle both adds and removes the same record.',
    advice: REPORT_TO_PUBLISHER,
  },
  'remove-missing': {
    words: 'The delta bundle removes a record that the active data does not hold: the active data differs from'
      + ' what the publisher expected.',
    advice: 'Import a full bundle of the same or a later sequence instead.',
  },
  'import-failed': {
    words: 'The import stopped on an unexpected error in the appliance.',
    advice: 'The live data is untouched. Upload the bundle again; if it fails the same way, send the appliance’s'
      + ' log from this time to support.',
  },
  // This appliance, not the bundle (outcome FAILED).
  'no-space': {
    words: 'The appliance’s disk filled up during the import.',
    advice: 'Free space in the data directory (an administrator can prune the quarantine or add disk), then'
      + ' upload the bundle again. The bundle is not at fault.',
  },
  'insufficient-space': {
    words: 'The appliance does not have enough free disk space for this bundle and its import.',
    advice: 'An import needs about three times the bundle’s size free. Free space or add disk, then upload the'
      + ' bundle again. The bundle is not at fault.',
  },
  'local-io-error': {
    words: 'A read or write on the appliance’s own disk failed.',
    advice: 'Have an administrator check the disk and the appliance’s log, then upload the bundle again. The'
      + ' bundle is not at fault.',
  },
  'source-unreadable': {
    words: 'The appliance could not read the bundle it had received.',
    advice: 'Upload the bundle again; if it happens again, have an administrator check the data directory.',
  },
  // Not refusals: notes on an import that did complete, or was cut short by a stop.
  'already-active': {
    words: 'This sequence is already active; nothing changed.',
    advice: 'Nothing to do.',
  },
  'expired-override': {
    words: 'The bundle had expired and was imported anyway, by an operator’s override (in the audit log).',
    advice: 'Import a current bundle as soon as one is available.',
  },
  recovered: {
    words: 'The appliance stopped just after switching to this bundle; the import was recorded at the next start.',
    advice: 'Nothing to do: the bundle is active.',
  },
  'interrupted-queued': {
    words: 'The appliance stopped before this upload’s import began; the upload was removed.',
    advice: 'Upload the bundle again.',
  },
  'interrupted-copying': interrupted('copying'),
  'interrupted-received': interrupted('received'),
  'interrupted-verified': interrupted('verified'),
  'interrupted-staged': interrupted('staged'),
  'interrupted-built': interrupted('built'),
  'interrupted-activated': interrupted('activated'),
});

const DATASET = '([A-Za-z0-9._-]+)';

/**
 * What a wrong-base delta needs, read from the detail the appliance gives (DeltaApplier.checkBase):
 * {@code { dataset, base, active, sequence, case }} with {@code case} one of {@code behind} (import
 * sequences active+1 … base first), {@code ahead} (a delta based on the active sequence is needed),
 * {@code empty} (no dataset is active), {@code state} (the active data differs from the publisher's)
 * or {@code unconfirmed} (too old to have a state checksum); null when the detail says none of these.
 */
export function wrongBase(detail, sequence) {
  const text = String(detail || '');
  const wanted = text.match(new RegExp(`applies to sequence (\\d+) of dataset ${DATASET}`));
  if (!wanted) return null;
  const base = Number(wanted[1]);
  const dataset = wanted[2].replace(/[.,;:]+$/, '');
  const full = text.match(/a full bundle of sequence (\d+) or later/);
  const target = Number.isFinite(sequence) ? sequence : full ? Number(full[1]) : null;
  const result = { dataset, base, sequence: target, active: null, case: null };
  const active = text.match(/but sequence (\d+) is (already )?active/);
  if (active) {
    result.active = Number(active[1]);
    result.case = result.active < base ? 'behind' : 'ahead';
  } else if (text.includes('no dataset is active')) {
    result.case = 'empty';
  } else if (text.includes('predates state checksums')) {
    result.active = base;
    result.case = 'unconfirmed';
  } else if (/the active sequence \d+ has state/.test(text)) {
    result.active = base;
    result.case = 'state';
  } else {
    return null;
  }
  return result;
}

/** The bundles a wrong-base delta needs, as one sentence. */
export function neededBundles(needed) {
  const later = needed.sequence ? `a full bundle of sequence ${needed.sequence} or later` : 'a later full bundle';
  const of = `of dataset ${needed.dataset}`;
  switch (needed.case) {
    case 'behind': {
      const from = needed.active + 1;
      const range = from === needed.base ? `sequence ${from}` : `sequences ${from} to ${needed.base}, in order`;
      return `Needed first: the bundles ${of} for ${range} (full bundles or deltas); then upload this delta again.`
        + ` Or instead: ${later}.`;
    }
    case 'ahead':
      return `Sequence ${needed.active} is already active, newer than this delta’s base (sequence ${needed.base}).`
        + ` Needed: a delta ${of} based on sequence ${needed.active}, or ${later}.`;
    case 'empty':
      return `No dataset is active yet. Needed first: a full bundle ${of}; for this delta, the full bundle of`
        + ` sequence ${needed.base}. Or instead: ${later}.`;
    case 'state':
      return `Sequence ${needed.base} is active here but holds other data than the publisher’s sequence`
        + ` ${needed.base}. Needed: ${later} (dataset ${needed.dataset}).`;
    case 'unconfirmed':
      return `The active sequence ${needed.base} is too old to be checked against this delta. Needed: ${later}`
        + ` (dataset ${needed.dataset}).`;
    default:
      return `Needed: ${later} (dataset ${needed.dataset}).`;
  }
}

/**
 * The explanation of an import's reason: {@code { code, words, advice, needed }} ({@code needed}
 * only for a wrong-base delta), or null when the import has no reason.
 */
export function explain(view) {
  if (!view || !view.reason) return null;
  const known = REASONS[view.reason];
  const entry = known || {
    words: `The appliance gave the reason “${view.reason}”.`,
    advice: 'See the details below.',
  };
  const explanation = { code: view.reason, words: entry.words, advice: entry.advice, needed: null, known: !!known };
  if (view.reason === 'wrong-base') {
    const needed = wrongBase(view.detail, view.sequence);
    if (needed) explanation.needed = neededBundles(needed);
  }
  return explanation;
}
