#!/usr/bin/env node
// compare.js checks that the TypeScript peer synthesizes what the Go app
// does: for every stack of the Go assembly, the TypeScript assembly must have
// the same stack with the same logical IDs and resource types; it also counts
// the resources whose whole definition is the same, after two normalizations
// for what cdk-from-cfn cannot carry over: DependsOn is compared as a set
// (it may reorder it), UpdateReplacePolicy is ignored (it drops it) and so is
// the aws:cdk:path metadata (the construct paths of the two apps differ), and
// lists the other template sections that differ.
//
//   node compare.js <go assembly> <ts assembly>
//
// Prints one line "stacks=N resources=N idsAndTypes=same|DIFFERENT
// identical=N/N sections=..." and exits 1 when IDs or types differ.
'use strict';
const fs = require('fs');
const path = require('path');
const util = require('util');

const [goDir, tsDir] = process.argv.slice(2);
const stacksOf = (dir) => {
  const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const out = {};
  for (const [id, a] of Object.entries(m.artifacts || {})) {
    if (a.type === 'aws:cloudformation:stack') {
      out[id] = JSON.parse(fs.readFileSync(path.join(dir, a.properties.templateFile), 'utf8'));
    }
  }
  return out;
};
const norm = (r) => {
  const c = { ...r };
  delete c.UpdateReplacePolicy;
  if (c.Metadata && 'aws:cdk:path' in c.Metadata) {
    c.Metadata = { ...c.Metadata };
    delete c.Metadata['aws:cdk:path'];
    if (Object.keys(c.Metadata).length === 0) delete c.Metadata;
  }
  if (Array.isArray(c.DependsOn)) c.DependsOn = [...c.DependsOn].sort();
  return c;
};
const go = stacksOf(goDir);
const ts = stacksOf(tsDir);
let resources = 0, identical = 0, idsOK = true;
const problems = [];
const sections = new Set();
for (const [id, g] of Object.entries(go)) {
  const t = ts[id];
  if (!t) { idsOK = false; problems.push(`stack ${id} missing`); continue; }
  const gr = g.Resources || {}, tr = t.Resources || {};
  const gk = Object.keys(gr).sort(), tk = Object.keys(tr).sort();
  if (gk.join() !== tk.join()) {
    idsOK = false;
    problems.push(`${id}: logical IDs differ (go ${gk.length}, ts ${tk.length}): ` +
      gk.filter((k) => !tr[k]).concat(tk.filter((k) => !gr[k]).map((k) => '+' + k)).slice(0, 5).join(' '));
  }
  for (const k of gk) {
    resources++;
    if (!tr[k]) continue;
    if (gr[k].Type !== tr[k].Type) { idsOK = false; problems.push(`${id}/${k}: type ${gr[k].Type} vs ${tr[k].Type}`); }
    if (util.isDeepStrictEqual(norm(gr[k]), norm(tr[k]))) identical++;
    else if (problems.length < 8) problems.push(`${id}/${k}: definition differs`);
  }
  for (const s of new Set([...Object.keys(g), ...Object.keys(t)])) {
    if (s !== 'Resources' && !util.isDeepStrictEqual(g[s], t[s])) sections.add(s);
  }
}
for (const id of Object.keys(ts)) if (!go[id]) { idsOK = false; problems.push(`extra stack ${id}`); }
console.log(`stacks=${Object.keys(go).length} resources=${resources} idsAndTypes=${idsOK ? 'same' : 'DIFFERENT'} ` +
  `identical=${identical}/${resources} otherSectionsDiffering=${[...sections].join(',') || 'none'}`);
for (const p of problems) console.error('  ' + p);
process.exit(idsOK ? 0 : 1);
