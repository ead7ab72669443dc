import type { Executor } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { getSchoolSetting } from '../../lib/school-settings.ts';
import * as repo from './messaging.repo.ts';
import {
  type Category,
  effectiveRules,
  FUNCTION_CATEGORY,
  GROUP_SENDER_CATEGORIES,
  MESSAGING_SETTING,
  type Rules,
  STAFF_CATEGORIES,
} from './messaging.rules.ts';

/** A school's people and links, as messaging needs them; built in a handful of queries. */
export interface SchoolGraph {
  schoolId: string;
  people: Map<string, { id: string; firstName: string; lastName: string; categories: Set<Category> }>;
  classes: Map<
    string,
    { id: string; code: string; label: string; level: string; siteId: string | null; pupils: string[] }
  >;
  groups: Map<string, { id: string; code: string; label: string; pupils: string[] }>;
  sites: Map<string, string>;
  classOf: Map<string, string>;
  groupsOf: Map<string, string[]>;
  guardiansOf: Map<string, string[]>;
  childrenOf: Map<string, string[]>;
  teachersOfClass: Map<string, Set<string>>;
  teachersOfGroup: Map<string, Set<string>>;
}

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};
const add = <K, V>(m: Map<K, Set<V>>, k: K, v: V) => {
  const set = m.get(k);
  if (set) set.add(v);
  else m.set(k, new Set([v]));
};

export async function loadSchoolGraph(db: Executor, schoolId: string, day = todayInParis()): Promise<SchoolGraph> {
  const [profiles, functions, classes, groups, sites, classM, groupM, links, teaching] = await Promise.all([
    repo.findProfilesOfSchool(db, schoolId),
    repo.findFunctionsOfSchool(db, schoolId),
    repo.findClassesOfSchool(db, schoolId, day),
    repo.findGroupsOfSchool(db, schoolId, day),
    repo.findSitesOfSchool(db, schoolId),
    repo.findClassMembershipsOfSchool(db, schoolId, day),
    repo.findGroupMembershipsOfSchool(db, schoolId, day),
    repo.findMessagingGuardianLinks(db, schoolId),
    repo.findTeachingOfSchool(db, schoolId, day),
  ]);
  const g: SchoolGraph = {
    schoolId,
    people: new Map(),
    classes: new Map(classes.map((c) => [c.id, { ...c, siteId: c.site_id, pupils: [] as string[] }])),
    groups: new Map(groups.map((x) => [x.id, { ...x, pupils: [] as string[] }])),
    sites: new Map(sites.map((s) => [s.id, s.name])),
    classOf: new Map(),
    groupsOf: new Map(),
    guardiansOf: new Map(),
    childrenOf: new Map(),
    teachersOfClass: new Map(),
    teachersOfGroup: new Map(),
  };
  const staffProfile = new Set<string>();
  const guardianProfile = new Set<string>();
  for (const p of profiles) {
    let person = g.people.get(p.id);
    if (!person) {
      person = { id: p.id, firstName: p.first_name, lastName: p.last_name, categories: new Set() };
      g.people.set(p.id, person);
    }
    if (p.kind === 'pupil') person.categories.add('pupil');
    else if (p.kind === 'teacher') person.categories.add('teacher');
    else if (p.kind === 'staff') staffProfile.add(p.id);
    else if (p.kind === 'guardian') guardianProfile.add(p.id);
  }
  for (const f of functions) {
    const person = g.people.get(f.person_id);
    const cat = FUNCTION_CATEGORY[f.function];
    if (person && cat && staffProfile.has(f.person_id)) person.categories.add(cat);
  }
  for (const id of staffProfile) {
    const person = g.people.get(id);
    if (person && ![...person.categories].some((c) => c !== 'teacher' && c !== 'pupil'))
      person.categories.add('office');
  }
  for (const m of classM) {
    const c = g.classes.get(m.class_id);
    if (!c || !g.people.get(m.pupil_id)?.categories.has('pupil')) continue;
    c.pupils.push(m.pupil_id);
    g.classOf.set(m.pupil_id, m.class_id);
  }
  for (const m of groupM) {
    const x = g.groups.get(m.group_id);
    if (!x || !g.people.get(m.pupil_id)?.categories.has('pupil')) continue;
    x.pupils.push(m.pupil_id);
    push(g.groupsOf, m.pupil_id, m.group_id);
  }
  // A guardian is one for messaging only through a link that counts (see findMessagingGuardianLinks).
  for (const l of links) {
    const guardian = g.people.get(l.guardian_id);
    if (!guardian || !guardianProfile.has(l.guardian_id) || !g.people.has(l.pupil_id)) continue;
    guardian.categories.add('guardian');
    push(g.guardiansOf, l.pupil_id, l.guardian_id);
    push(g.childrenOf, l.guardian_id, l.pupil_id);
  }
  for (const t of teaching) {
    if (!g.people.get(t.teacher_id)?.categories.has('teacher')) continue;
    if (t.class_id) add(g.teachersOfClass, t.class_id, t.teacher_id);
    if (t.group_id) add(g.teachersOfGroup, t.group_id, t.teacher_id);
  }
  return g;
}

export const categoriesOf = (g: SchoolGraph, personId: string): Category[] => [
  ...(g.people.get(personId)?.categories ?? []),
];

function teachersOfPupil(g: SchoolGraph, pupilId: string): Set<string> {
  const out = new Set<string>();
  const classId = g.classOf.get(pupilId);
  for (const t of (classId && g.teachersOfClass.get(classId)) || []) out.add(t);
  for (const groupId of g.groupsOf.get(pupilId) ?? []) for (const t of g.teachersOfGroup.get(groupId) ?? []) out.add(t);
  return out;
}

function pupilsTaughtBy(g: SchoolGraph, teacherId: string): Set<string> {
  const out = new Set<string>();
  for (const [classId, teachers] of g.teachersOfClass) {
    if (teachers.has(teacherId)) for (const p of g.classes.get(classId)?.pupils ?? []) out.add(p);
  }
  for (const [groupId, teachers] of g.teachersOfGroup) {
    if (teachers.has(teacherId)) for (const p of g.groups.get(groupId)?.pupils ?? []) out.add(p);
  }
  return out;
}

const NON_TEACHING_STAFF: readonly Category[] = STAFF_CATEGORIES.filter((c) => c !== 'teacher');

/**
 * The people linked to a sender, per (sender category, recipient category), for 'related' scopes. Anyone is
 * related to the school's non-teaching staff and teachers to one another; other pairs go through classes,
 * groups and guardianships.
 */
function relatedSets(g: SchoolGraph, senderId: string) {
  const cats = g.people.get(senderId)?.categories ?? new Set<Category>();
  const rel = new Map<string, Set<string>>();
  const key = (a: Category, b: Category) => `${a}>${b}`;
  if (cats.has('teacher')) {
    const taught = pupilsTaughtBy(g, senderId);
    const guardians = new Set<string>();
    for (const p of taught) for (const x of g.guardiansOf.get(p) ?? []) guardians.add(x);
    rel.set(key('teacher', 'pupil'), taught);
    rel.set(key('teacher', 'guardian'), guardians);
  }
  if (cats.has('pupil')) {
    const classId = g.classOf.get(senderId);
    rel.set(key('pupil', 'teacher'), teachersOfPupil(g, senderId));
    rel.set(
      key('pupil', 'pupil'),
      new Set(((classId && g.classes.get(classId)?.pupils) || []).filter((p) => p !== senderId)),
    );
    rel.set(key('pupil', 'guardian'), new Set(g.guardiansOf.get(senderId) ?? []));
  }
  if (cats.has('guardian')) {
    const children = g.childrenOf.get(senderId) ?? [];
    const teachers = new Set<string>();
    const coGuardians = new Set<string>();
    for (const c of children) {
      for (const t of teachersOfPupil(g, c)) teachers.add(t);
      for (const x of g.guardiansOf.get(c) ?? []) if (x !== senderId) coGuardians.add(x);
    }
    rel.set(key('guardian', 'pupil'), new Set(children));
    rel.set(key('guardian', 'teacher'), teachers);
    rel.set(key('guardian', 'guardian'), coGuardians);
  }
  return (from: Category, to: Category, personId: string): boolean => {
    if (NON_TEACHING_STAFF.includes(from) || NON_TEACHING_STAFF.includes(to)) return true;
    if (from === 'teacher' && to === 'teacher') return true;
    return rel.get(key(from, to))?.has(personId) ?? false;
  };
}

/** What a sender may reach in a school: the people they may write to first, and the groups offered to them. */
export interface Reach {
  senderId: string;
  graph: SchoolGraph;
  rules: Rules;
  senderCategories: Category[];
  /** People the sender may write to first (never the sender). */
  people: Set<string>;
  /** Whether the sender may use group recipients at all. */
  groupsAllowed: boolean;
}

export function reachOf(g: SchoolGraph, rules: Rules, senderId: string): Reach {
  const senderCategories = categoriesOf(g, senderId);
  const isRelated = relatedSets(g, senderId);
  const people = new Set<string>();
  for (const person of g.people.values()) {
    if (person.id === senderId) continue;
    const ok = senderCategories.some((from) =>
      [...person.categories].some((to) => {
        const scope = rules[from][to];
        return scope === 'school' || (scope === 'related' && isRelated(from, to, person.id));
      }),
    );
    if (ok) people.add(person.id);
  }
  return {
    senderId,
    graph: g,
    rules,
    senderCategories,
    people,
    groupsAllowed: senderCategories.some((c) => GROUP_SENDER_CATEGORIES.includes(c)),
  };
}

export async function loadReach(db: Executor, schoolId: string, senderId: string): Promise<Reach> {
  const [graph, setting] = await Promise.all([
    loadSchoolGraph(db, schoolId),
    getSchoolSetting(db, schoolId, MESSAGING_SETTING),
  ]);
  return reachOf(graph, effectiveRules(setting), senderId);
}

// ---- Group recipients ----

export const GROUP_KINDS = [
  'class-guardians',
  'class-pupils',
  'class-teachers',
  'group-pupils',
  'group-guardians',
  'level-guardians',
  'school-staff',
  'site-teachers',
] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

export interface GroupRecipient {
  /** 'class-guardians:<classId>', 'level-guardians:4e', 'school-staff'... */
  key: string;
  kind: GroupKind;
  /** What the group is of: a class or group code, a level, a site's name; '' for the school. */
  name: string;
  members: string[];
}

function guardiansOfPupils(g: SchoolGraph, pupils: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const p of pupils) for (const x of g.guardiansOf.get(p) ?? []) out.add(x);
  return [...out];
}

/** Every group recipient of the school, with its members resolved now: the school's first, then levels, classes, groups. */
export function allGroups(g: SchoolGraph): GroupRecipient[] {
  const wide: GroupRecipient[] = [];
  const perClass: GroupRecipient[] = [];
  const perGroup: GroupRecipient[] = [];
  const classes = [...g.classes.values()].sort((a, b) => a.code.localeCompare(b.code, 'fr', { numeric: true }));
  const levels = new Map<string, string[]>();
  for (const c of classes) {
    perClass.push({
      key: `class-guardians:${c.id}`,
      kind: 'class-guardians',
      name: c.label,
      members: guardiansOfPupils(g, c.pupils),
    });
    perClass.push({ key: `class-pupils:${c.id}`, kind: 'class-pupils', name: c.label, members: [...c.pupils] });
    perClass.push({
      key: `class-teachers:${c.id}`,
      kind: 'class-teachers',
      name: c.label,
      members: [...(g.teachersOfClass.get(c.id) ?? [])],
    });
    for (const p of c.pupils) push(levels, c.level, p);
  }
  for (const x of [...g.groups.values()].sort((a, b) => a.code.localeCompare(b.code, 'fr'))) {
    perGroup.push({ key: `group-pupils:${x.id}`, kind: 'group-pupils', name: x.label, members: [...x.pupils] });
    perGroup.push({
      key: `group-guardians:${x.id}`,
      kind: 'group-guardians',
      name: x.label,
      members: guardiansOfPupils(g, x.pupils),
    });
  }
  const staff = [...g.people.values()]
    .filter((p) => STAFF_CATEGORIES.some((c) => p.categories.has(c)))
    .map((p) => p.id);
  wide.push({ key: 'school-staff', kind: 'school-staff', name: '', members: staff });
  if (g.sites.size > 1) {
    for (const [siteId, name] of g.sites) {
      const teachers = new Set<string>();
      for (const c of g.classes.values()) {
        if (c.siteId === siteId) for (const t of g.teachersOfClass.get(c.id) ?? []) teachers.add(t);
      }
      wide.push({ key: `site-teachers:${siteId}`, kind: 'site-teachers', name, members: [...teachers] });
    }
  }
  for (const [level, pupils] of [...levels].sort(([a], [b]) => a.localeCompare(b, 'fr', { numeric: true }))) {
    wide.push({
      key: `level-guardians:${level}`,
      kind: 'level-guardians',
      name: level,
      members: guardiansOfPupils(g, pupils),
    });
  }
  return [...wide, ...perClass, ...perGroup];
}

/** Words a writer may type to find a kind of group (French first: the interface's words). */
export const GROUP_WORDS: Record<GroupKind, string> = {
  'class-guardians': 'parents responsables familles classe guardians',
  'class-pupils': 'eleves classe pupils',
  'class-teachers': 'professeurs equipe pedagogique conseil de classe teachers',
  'group-pupils': 'eleves groupe pupils',
  'group-guardians': 'parents responsables familles groupe guardians',
  'level-guardians': 'parents responsables familles niveau guardians',
  'school-staff': 'tout le personnel equipe staff',
  'site-teachers': 'professeurs site teachers',
};

/**
 * The groups a sender may address: staff only, and only groups whose every member (other than the sender) the
 * sender may write to — a group never silently shrinks to the part the sender may reach.
 */
export function groupsFor(reach: Reach): GroupRecipient[] {
  if (!reach.groupsAllowed) return [];
  return allGroups(reach.graph)
    .map((grp) => ({ ...grp, members: grp.members.filter((m) => m !== reach.senderId) }))
    .filter((grp) => grp.members.length > 0 && grp.members.every((m) => reach.people.has(m)));
}
