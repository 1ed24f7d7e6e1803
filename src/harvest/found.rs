//! The candidates after grouping: Russian forms under their bases, counts
//! per unit and per pair, pairs scored and linked one to one, targets over
//! time and examples.

use super::*;

impl<A> Found<A> {
    pub(super) fn new(
        sides: [Side; 2],
        records: Vec<Record<A>>,
        opts: &HarvestOptions,
    ) -> Found<A> {
        let mut found = Found {
            sides,
            records,
            bases: Vec::new(),
            members: HashMap::new(),
            group: Default::default(),
            keys: Default::default(),
            counts: Default::default(),
            pairs: Default::default(),
            term_shown: Default::default(),
            examples: Vec::new(),
        };
        found.bases = found.russian_bases();
        let ru = &found.sides[Lang::Ru as usize];
        for (w, &b) in found.bases.iter().enumerate() {
            if ru.stats[w].capitalized > 0 {
                found.members.entry(b).or_default().push(w as u32);
            }
        }
        for kind in Kind::ALL {
            if opts.kinds.contains(&kind) {
                for lang in Lang::ALL {
                    found.group_keys(kind, lang);
                }
            }
        }
        for lang in Lang::ALL {
            found.term_shown[lang as usize] = term_shown(&found.sides[lang as usize], lang);
        }
        found.count(opts.min_count);
        found
    }

    /// Per Russian word id, the word id of its base: the base whose forms
    /// cover the most capitalized occurrences (ties: a base the memory
    /// holds, then the shorter). New base words are added to the side.
    pub(super) fn russian_bases(&mut self) -> Vec<u32> {
        let side = &mut self.sides[Lang::Ru as usize];
        let capitalized: Vec<u32> = (0..side.stats.len() as u32)
            .filter(|&w| side.stats[w as usize].capitalized > 0)
            .collect();
        let mut candidates: HashMap<u32, Vec<String>> = HashMap::new();
        let mut support: HashMap<String, u64> = HashMap::new();
        // A common word is no base of a name (`Мэри` is not `мэр`).
        let common = |b: &str| {
            side.words.ids.get(b).is_some_and(|&id| {
                let s = &side.stats[id as usize];
                f64::from(s.lower) > LOWER_CASE_SHARE * f64::from(s.capitalized)
            })
        };
        for &w in &capitalized {
            let word = side.words.values[w as usize].clone();
            let count = u64::from(side.stats[w as usize].capitalized);
            let mut bases = base_candidates(&word);
            bases.retain(|b| *b == word || (nominative_ending(b) && !common(b)));
            for b in &bases {
                *support.entry(b.clone()).or_default() += count;
            }
            candidates.insert(w, bases);
        }
        let mut choice: HashMap<String, String> = HashMap::new();
        for &w in &capitalized {
            let word = &side.words.values[w as usize];
            let observed = |b: &str| {
                side.words
                    .ids
                    .get(b)
                    .is_some_and(|&id| side.stats[id as usize].capitalized > 0)
            };
            let support_of = |s: &String| support.get(s).copied().unwrap_or(0);
            let most = candidates[&w].iter().map(support_of).max().unwrap_or(0);
            // A base the memory holds wins over one it lacks unless that one
            // covers clearly more (the paradigms differ in a form or two:
            // `Польшей` is generated from `Польш`, not from `Польша`).
            let best = candidates[&w]
                .iter()
                .max_by(|a, b| {
                    let key = |s: &String| {
                        let attested = observed(s)
                            && support_of(s) as f64 >= ATTESTED_BASE_SHARE * most as f64;
                        (
                            attested,
                            support_of(s),
                            std::cmp::Reverse(s.chars().count()),
                        )
                    };
                    key(a).cmp(&key(b)).then_with(|| b.cmp(a))
                })
                .cloned()
                .unwrap_or_else(|| word.clone());
            choice.insert(word.clone(), best);
        }
        let mut bases: Vec<u32> = (0..side.stats.len() as u32).collect();
        for &w in &capitalized {
            let mut base = side.words.values[w as usize].clone();
            // Follow a chain of choices (a base that itself chose another).
            for _ in 0..3 {
                match choice.get(&base) {
                    Some(next) if *next != base => base = next.clone(),
                    _ => break,
                }
            }
            let id = side.word(&base);
            if bases.len() <= id as usize {
                bases.resize(id as usize + 1, id);
            }
            bases[w as usize] = id;
        }
        let len = side.stats.len() as u32;
        bases.extend(bases.len() as u32..len);
        bases
    }

    /// Groups the raw candidates of `kind` in `lang` into keys: names by
    /// base words (Russian), runs holding a word without evidence of a
    /// name left out; terms as they are.
    pub(super) fn group_keys(&mut self, kind: Kind, lang: Lang) {
        let (k, l) = (kind as usize, lang as usize);
        let side = &self.sides[l];
        let mut keys = Interner::default();
        let group = match kind {
            Kind::Term => (0..side.terms.len() as u32)
                .map(|raw| Some(keys.id(&vec![raw])))
                .collect(),
            Kind::Name => {
                let base_of = |w: u32| match lang {
                    Lang::Ru => self.bases[w as usize],
                    Lang::En => w,
                };
                let name_word = self.name_words(lang);
                side.names
                    .values
                    .iter()
                    .map(|run| {
                        // Every word must be a name, except the first of a
                        // run of several when it mostly stands inside
                        // sentences (`Государственная Дума`), so that a
                        // sentence's first word (`Сторонники Косанова`)
                        // joins no name without evidence.
                        let ok = run.iter().enumerate().all(|(i, &w)| {
                            name_word.contains(&base_of(w))
                                || (i == 0 && run.len() > 1 && !mostly_initial(side, w))
                        });
                        ok.then(|| keys.id(&run.iter().map(|&w| base_of(w)).collect()))
                    })
                    .collect()
            }
        };
        self.group[k][l] = group;
        self.keys[k][l] = keys;
    }

    /// The words of `lang` (Russian: base words) that the memory shows to
    /// be names: capitalized mostly, and, when also seen in lower case,
    /// not only where sentences start.
    pub(super) fn name_words(&self, lang: Lang) -> HashSet<u32> {
        let side = &self.sides[lang as usize];
        let mut totals: HashMap<u32, [u64; 3]> = HashMap::new();
        for (w, s) in side.stats.iter().enumerate() {
            let base = match lang {
                Lang::Ru => self.bases[w],
                Lang::En => w as u32,
            };
            let t = totals.entry(base).or_default();
            t[0] += u64::from(s.capitalized);
            t[1] += u64::from(s.initial);
            t[2] += u64::from(s.lower);
        }
        totals
            .into_iter()
            .filter(|(_, [capitalized, initial, lower])| {
                // Seen in lower case: a name only if mostly capitalized
                // inside sentences too; never seen so: a name even if it
                // only starts sentences (a headline's subject).
                (capitalized > initial || *lower == 0)
                    && (*lower as f64) <= LOWER_CASE_SHARE * *capitalized as f64
            })
            .map(|(w, _)| w)
            .collect()
    }

    /// Unit counts of every key and pair counts of the keys of both
    /// languages that reach `min_count` alone.
    pub(super) fn count(&mut self, min_count: u32) {
        for k in 0..2 {
            for l in 0..2 {
                self.counts[k][l] = vec![0; self.keys[k][l].len()];
            }
        }
        for record in &mut self.records {
            for ((keys, groups), counts) in record
                .keys
                .iter_mut()
                .flatten()
                .zip(self.group.iter().flatten())
                .zip(self.counts.iter_mut().flatten())
            {
                let grouped: Vec<u32> = keys
                    .iter()
                    .filter_map(|&raw| groups.get(raw as usize).copied().flatten())
                    .collect();
                *keys = grouped;
                keys.sort_unstable();
                keys.dedup();
                for &key in keys.iter() {
                    counts[key as usize] += 1;
                }
            }
        }
        for record in &mut self.records {
            for ((sides, counts), pairs) in record
                .keys
                .iter_mut()
                .zip(&self.counts)
                .zip(self.pairs.iter_mut())
            {
                for (keys, counts) in sides.iter_mut().zip(counts) {
                    keys.retain(|&key| counts[key as usize] >= min_count);
                }
                let [ru, en] = &*sides;
                for &r in ru {
                    for &e in en {
                        *pairs.entry((r, e)).or_default() += 1;
                    }
                }
            }
        }
    }

    /// Links the pairs one to one, best first, and builds the proposals.
    /// Every pair of keys seen together often enough, with its Dice
    /// coefficient and (names) spelling similarity, that clears its
    /// kind's floor.
    fn scored(&self, opts: &HarvestOptions) -> Vec<Scored> {
        let mut scored: Vec<Scored> = Vec::new();
        for kind in Kind::ALL {
            if !opts.kinds.contains(&kind) {
                continue;
            }
            let k = kind as usize;
            for (&(r, e), &count) in &self.pairs[k] {
                if count < opts.min_count {
                    continue;
                }
                let (nr, ne) = (self.counts[k][0][r as usize], self.counts[k][1][e as usize]);
                let dice = 2.0 * f64::from(count) / f64::from(nr + ne);
                let (confidence, similarity) = match kind {
                    Kind::Name => {
                        let ru = self.display(kind, Lang::Ru, r, None);
                        let en = self.display(kind, Lang::En, e, None);
                        let s = name_similarity(&skeleton(&romanize(&ru)), &skeleton(&en));
                        let like = s >= SIMILAR_NAMES;
                        if (like && dice < DICE_LIKE_NAMES) || (!like && dice < DICE_UNLIKE_NAMES) {
                            continue;
                        }
                        let c = if like {
                            0.5 * dice + 0.5 * s
                        } else {
                            0.8 * dice
                        };
                        (c, Some(s))
                    }
                    Kind::Term => {
                        if dice < DICE_TERMS {
                            continue;
                        }
                        (0.7 * dice, None)
                    }
                };
                scored.push(Scored {
                    kind,
                    r,
                    e,
                    count,
                    dice,
                    similarity,
                    confidence,
                });
            }
        }
        scored
    }

    pub(super) fn propose(&mut self, glossary: &Glossary, opts: &HarvestOptions) -> Harvest {
        let linked = link(self.scored(opts));
        let today = jiff::Zoned::now().date();
        let fragments = [
            glossary_stems(glossary, Lang::Ru),
            glossary_stems(glossary, Lang::En),
        ];
        let mut known_pairs = 0;
        let mut proposals = Vec::new();
        let mut concepts: HashSet<String> = HashSet::new();
        let mut chosen: Vec<&Scored> = Vec::new();
        for s in &linked {
            if opts.limit.is_some_and(|n| proposals.len() >= n) {
                break;
            }
            let en = self.display(s.kind, Lang::En, s.e, None);
            let ru = self.display(s.kind, Lang::Ru, s.r, Some(&en));
            let known_ru = known_concept(glossary, &ru, Lang::Ru, today);
            let known_en = known_concept(glossary, &en, Lang::En, today);
            let covered = |text: &str, known: &Option<String>, lang: Lang| {
                known.is_some() || within(&fragments[lang as usize], text, lang)
            };
            if covered(&ru, &known_ru, Lang::Ru) && covered(&en, &known_en, Lang::En) {
                known_pairs += 1;
                continue;
            }
            let known = known_ru
                .map(|concept| KnownSide {
                    lang: Lang::Ru,
                    concept,
                })
                .or(known_en.map(|concept| KnownSide {
                    lang: Lang::En,
                    concept,
                }));
            let concept = match &known {
                Some(k) => k.concept.clone(),
                None => unique_concept(&mut concepts, &en),
            };
            let k = s.kind as usize;
            proposals.push(Proposal {
                rank: proposals.len() + 1,
                kind: s.kind,
                concept,
                ru,
                en,
                count: s.count,
                ru_count: self.counts[k][0][s.r as usize],
                en_count: self.counts[k][1][s.e as usize],
                dice: round3(s.dice),
                similarity: s.similarity.map(round3),
                score: round3(s.score()),
                first_seen: None,
                last_seen: None,
                ru_forms: self.forms_of(s.kind, Lang::Ru, s.r),
                en_forms: self.forms_of(s.kind, Lang::En, s.e),
                targets: Vec::new(),
                known,
                examples: Vec::new(),
            });
            chosen.push(s);
        }
        self.over_time(&mut proposals, &chosen, &linked, opts);
        Harvest {
            units: 0,
            from: opts.from,
            min_count: opts.min_count,
            known: known_pairs,
            proposals,
        }
    }

    /// Dates, examples and the targets over time of each proposal, from
    /// the units holding its source term.
    pub(super) fn over_time(
        &mut self,
        proposals: &mut [Proposal],
        chosen: &[&Scored],
        linked: &[Scored],
        opts: &HarvestOptions,
    ) {
        let src = opts.from as usize;
        let tgt = 1 - src;
        let key_of = |s: &Scored, l: usize| if l == 0 { s.r } else { s.e };
        // Source key → proposal index, per kind.
        let mut by_source: HashMap<(Kind, u32), usize> = HashMap::new();
        for (i, s) in chosen.iter().enumerate() {
            by_source.insert((s.kind, key_of(s, src)), i);
        }
        // Target keys any linked pair explains, by source key.
        let mut partner: HashMap<(Kind, u32), u32> = HashMap::new();
        for s in linked {
            partner.insert((s.kind, key_of(s, src)), key_of(s, tgt));
        }
        let mut main: Vec<Seen> = vec![Seen::default(); chosen.len()];
        let mut main_dates: Vec<Vec<Date>> = vec![Vec::new(); chosen.len()];
        let mut others: HashMap<(usize, u32), Seen> = HashMap::new();
        let mut examples: Vec<Vec<(Option<Date>, usize)>> = vec![Vec::new(); chosen.len()];
        for (ri, record) in self.records.iter().enumerate() {
            for kind in Kind::ALL {
                let k = kind as usize;
                let sources = &record.keys[k][src];
                let targets = &record.keys[k][tgt];
                for &s in sources {
                    let Some(&p) = by_source.get(&(kind, s)) else {
                        continue;
                    };
                    let wanted = key_of(chosen[p], tgt);
                    if targets.contains(&wanted) {
                        main[p].add(record);
                        main_dates[p].extend(record.last);
                        examples[p].push((record.last, ri));
                        continue;
                    }
                    let explained: HashSet<u32> = sources
                        .iter()
                        .filter(|&&o| o != s)
                        .filter_map(|&o| partner.get(&(kind, o)).copied())
                        .collect();
                    for &t in targets {
                        if !explained.contains(&t) {
                            others.entry((p, t)).or_default().add(record);
                        }
                    }
                }
            }
        }
        self.examples = vec![Vec::new(); proposals.len()];
        for (p, s) in chosen.iter().enumerate() {
            let proposal = &mut proposals[p];
            let tgt_lang = Lang::ALL[tgt];
            let mut targets =
                vec![main[p].target(self.display(s.kind, tgt_lang, key_of(s, tgt), None))];
            // Another target is a change over time when, while it was
            // used, the linked target hardly was.
            let changed = |seen: &Seen| {
                let (Some(first), Some(last)) = (seen.first, seen.last) else {
                    return false;
                };
                let meanwhile = main_dates[p]
                    .iter()
                    .filter(|d| (first..=last).contains(d))
                    .count();
                seen.count >= opts.min_count
                    && meanwhile as f64 <= OTHER_TARGET_SHARE * f64::from(seen.count)
            };
            let mut alternatives: Vec<(u32, &Seen)> = others
                .iter()
                .filter(|((q, _), seen)| *q == p && changed(seen))
                .map(|((_, t), seen)| (*t, seen))
                .collect();
            alternatives.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(&b.0)));
            for (t, seen) in alternatives.into_iter().take(2) {
                targets.push(seen.target(self.display(s.kind, tgt_lang, t, None)));
            }
            if tgt_lang == Lang::Ru {
                // A Russian target is shown in its base form.
                targets[0].term = proposal.ru.clone();
            }
            proposal.first_seen = main[p].first;
            proposal.last_seen = main[p].last;
            proposal.targets = targets;
            let ex = &mut examples[p];
            ex.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            self.examples[p] = ex.iter().take(EXAMPLES).map(|&(_, r)| r).collect();
        }
    }

    /// How the key `key` of `kind` in `lang` is written: names by their
    /// words' spellings (Russian in base form, chosen by the English
    /// partner's spelling when the memory lacks it), terms by their most
    /// frequent written form (Russian: one whose first word looks like a
    /// nominative adjective, when there is one).
    pub(super) fn display(
        &self,
        kind: Kind,
        lang: Lang,
        key: u32,
        partner: Option<&str>,
    ) -> String {
        let side = &self.sides[lang as usize];
        let run = &self.keys[kind as usize][lang as usize].values[key as usize];
        match kind {
            Kind::Name => {
                let partner_words: Vec<&str> =
                    partner.map(|p| p.split(' ').collect()).unwrap_or_default();
                let words: Vec<String> = run
                    .iter()
                    .enumerate()
                    .map(|(i, &w)| {
                        let shown = surface(side, w);
                        match (lang, partner_words.get(i)) {
                            (Lang::Ru, Some(en)) if partner_words.len() == run.len() => {
                                spelled_like(&shown, en)
                            }
                            _ => shown,
                        }
                    })
                    .collect();
                words.join(" ")
            }
            Kind::Term => run
                .first()
                .and_then(|raw| self.term_shown[lang as usize].get(raw))
                .map(|pair| pair_text(side, pair))
                .unwrap_or_default(),
        }
    }

    /// The forms of key `key` the memory holds, most frequent first.
    pub(super) fn forms_of(&self, kind: Kind, lang: Lang, key: u32) -> Vec<FormCount> {
        let side = &self.sides[lang as usize];
        let run = &self.keys[kind as usize][lang as usize].values[key as usize];
        let mut out: Vec<FormCount> = match (kind, lang, run.as_slice()) {
            (Kind::Name, Lang::Ru, [base]) => self
                .members
                .get(base)
                .into_iter()
                .flatten()
                .filter(|&&w| side.stats[w as usize].capitalized > 0)
                .map(|&w| FormCount {
                    form: surface(side, w),
                    count: side.stats[w as usize].capitalized,
                })
                .collect(),
            (Kind::Name, _, words) => {
                let shown: Vec<String> = words.iter().map(|&w| surface(side, w)).collect();
                let count = words
                    .iter()
                    .map(|&w| side.stats[w as usize].capitalized)
                    .min()
                    .unwrap_or(0);
                vec![FormCount {
                    form: shown.join(" "),
                    count,
                }]
            }
            (Kind::Term, _, [raw]) => side
                .term_forms
                .iter()
                .filter(|(_, (term, _))| term == raw)
                .map(|(pair, &(_, count))| FormCount {
                    form: pair_text(side, pair),
                    count,
                })
                .collect(),
            _ => Vec::new(),
        };
        out.sort_by(|a, b| b.count.cmp(&a.count).then(a.form.cmp(&b.form)));
        out.truncate(FORMS_SHOWN);
        out
    }
}

/// Competitive linking: the most confident pair first, each key once;
/// the pairs kept, by score.
fn link(mut scored: Vec<Scored>) -> Vec<Scored> {
    scored.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(b.count.cmp(&a.count))
            .then((a.kind, a.r, a.e).cmp(&(b.kind, b.r, b.e)))
    });
    let mut used: HashSet<(Kind, Lang, u32)> = HashSet::new();
    let mut linked = Vec::new();
    for s in scored {
        if used.contains(&(s.kind, Lang::Ru, s.r)) || used.contains(&(s.kind, Lang::En, s.e)) {
            continue;
        }
        used.insert((s.kind, Lang::Ru, s.r));
        used.insert((s.kind, Lang::En, s.e));
        linked.push(s);
    }
    linked.sort_by(|a, b| {
        b.score()
            .total_cmp(&a.score())
            .then((a.kind, a.r, a.e).cmp(&(b.kind, b.r, b.e)))
    });
    linked
}
