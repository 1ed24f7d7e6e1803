//! Finding an old item's translation in a unit's target and shaping the
//! new item's translation like it (case, number, possessive, article).

use super::*;

impl<'a> Repairer<'a> {
    /// The new item's translation into `lang`, in its base form.
    pub(super) fn translate(&self, item: &Item, text: &str, lang: Lang) -> Option<Translation> {
        match (&item.hit, item.kind) {
            (Some(hit), _) => {
                let target = hit.targets.first()?;
                let (_, kind) = self.row_kind(target.row);
                Some(Translation {
                    text: target.term.clone(),
                    kind,
                })
            }
            (None, RepairKind::Name) => {
                let written = text.get(item.start..item.end)?;
                Some(match lang {
                    // `Жумабековым` → `Жумабеков` → `Zhumabekov`.
                    Lang::En => Translation {
                        text: romanize(&certain_base(written)?),
                        kind: TermKind::default(),
                    },
                    Lang::Ru => {
                        let text = cyrillize(english_base(written));
                        let kind = name_kind(&text);
                        Translation { text, kind }
                    }
                })
            }
            _ => None,
        }
    }

    /// Where the old item's translation stands in the target.
    pub(super) fn find(
        &self,
        old: &Item,
        source: &Analyzed,
        target: &Analyzed,
        hits: &[TermHit],
    ) -> Vec<Found> {
        let text = target.text.as_str();
        match &old.key {
            Key::Concept(concept) => hits
                .iter()
                .filter(|h| &h.concept == concept)
                .map(|h| {
                    let row = h.rows.first().copied().unwrap_or(0);
                    Found {
                        start: byte_of(text, h.start),
                        end: byte_of(text, h.end),
                        base: h.term.clone(),
                        kind: self.row_kind(row).1,
                    }
                })
                .collect(),
            Key::Number(norm) => {
                let other = other_convention(norm);
                target
                    .tokens
                    .iter()
                    .filter(|t| {
                        t.number && (&t.norm == norm || other.as_deref() == Some(t.norm.as_str()))
                    })
                    .map(|t| Found {
                        start: t.start,
                        end: t.end,
                        base: text[t.start..t.end].to_string(),
                        kind: TermKind::default(),
                    })
                    .collect()
            }
            Key::Calendar(cal, index) => target
                .tokens
                .iter()
                .filter(|t| {
                    calendar::read(&t.norm, &text[t.start..t.end], target.lang)
                        .is_some_and(|w| w.calendar == *cal && w.index == *index)
                })
                .map(|t| Found {
                    start: t.start,
                    end: t.end,
                    base: text[t.start..t.end].to_string(),
                    kind: TermKind::default(),
                })
                .collect(),
            Key::Name(_) => {
                let Some(written) = source.text.get(old.start..old.end) else {
                    return Vec::new();
                };
                let (base, kind) = match target.lang {
                    Lang::En => {
                        // The base form's spelling, else the written one's
                        // (`Алматы` does not decline: no base form to find).
                        let based = romanize(&base_name(written));
                        let as_written = romanize(written);
                        let words = |s: &str| vec![vec![crate::text::normalize(s)]];
                        let single = !written.contains(' ');
                        let base = if single && find_words(target, &words(&based)).is_empty() {
                            as_written
                        } else {
                            based
                        };
                        (base, TermKind::default())
                    }
                    Lang::Ru => {
                        let base = cyrillize(english_base(written));
                        let kind = name_kind(&base);
                        (base, kind)
                    }
                };
                // Each word of the name in any of its forms.
                let words: Vec<Vec<String>> = base
                    .split(' ')
                    .map(|w| match target.lang {
                        Lang::En => vec![crate::text::normalize(w)],
                        Lang::Ru => Case::ALL
                            .into_iter()
                            .filter_map(|c| inflect::decline(w, kind, c))
                            .map(|f| crate::text::normalize(&f))
                            .collect(),
                    })
                    .collect();
                find_words(target, &words)
                    .into_iter()
                    .map(|(start, end)| Found {
                        start,
                        end,
                        base: base.clone(),
                        kind,
                    })
                    .collect()
            }
        }
    }

    /// The new item's words in the place of `found` in the target, or why
    /// not.
    pub(super) fn shape(
        &self,
        old: &Item,
        new: &Item,
        query: &Analyzed,
        target: &Analyzed,
        found: &Found,
    ) -> Result<String, String> {
        let text = target.text.as_str();
        let written = &text[found.start..found.end];
        let lang = target.lang;
        let before: Vec<&str> = target
            .tokens
            .iter()
            .filter(|t| t.end <= found.start)
            .map(|t| t.norm.as_str())
            .collect();
        let before = &before[before.len().saturating_sub(2)..];
        let new_written = query.text.get(new.start..new.end).unwrap_or_default();
        match (&old.key, &new.key) {
            (Key::Number(_), Key::Number(_)) => {
                Ok(in_target_convention(new_written, query.lang, written, lang))
            }
            (Key::Calendar(cal, _), Key::Calendar(_, index)) => match lang {
                Lang::En => {
                    let name = calendar::english(*cal, *index).unwrap_or_default();
                    let old_name = calendar::read(&written.to_lowercase(), written, lang)
                        .and_then(|w| calendar::english(w.calendar, w.index))
                        .unwrap_or(written);
                    Ok(inflect::english(written, old_name, name))
                }
                Lang::Ru => {
                    let cases = calendar::read(&crate::text::normalize(written), written, lang)
                        .map(|w| w.cases)
                        .unwrap_or_default();
                    let form = |c: Case| calendar::russian(*cal, *index, c).map(str::to_string);
                    let case = inflect::choose_case(&cases, before, false, form)
                        .ok_or_else(|| format!("the case of «{written}» is ambiguous"))?;
                    let form = calendar::russian(*cal, *index, case).unwrap_or_default();
                    Ok(inflect::capital_like(written, form, form.to_string()))
                }
            },
            _ => {
                let translation = self
                    .translate(new, &query.text, lang)
                    .ok_or_else(|| format!("no {} translation of «{new_written}»", lang.code()))?;
                match lang {
                    Lang::En => Ok(inflect::english(written, &found.base, &translation.text)),
                    Lang::Ru => {
                        let mut cases = inflect::cases_of(&found.base, found.kind, written);
                        if cases.is_empty() {
                            // The last words alone (`Токаева` of a longer
                            // form the row does not spell).
                            let last = |s: &str| s.rsplit(' ').next().unwrap_or(s).to_string();
                            cases =
                                inflect::cases_of(&last(&found.base), found.kind, &last(written));
                        }
                        if cases.is_empty() {
                            return Err(format!("the case of «{written}» cannot be read"));
                        }
                        let t = &translation;
                        let form = |c: Case| inflect::decline(&t.text, t.kind, c);
                        let case = inflect::choose_case(&cases, before, t.kind.person, form)
                            .ok_or_else(|| format!("the case of «{written}» is ambiguous"))?;
                        let form = inflect::decline(&t.text, t.kind, case)
                            .ok_or_else(|| format!("«{}» cannot be inflected", translation.text))?;
                        Ok(inflect::capital_like(written, &found.base, form))
                    }
                }
            }
        }
    }
}

/// The byte spans where `words` (each given by its normalized forms)
/// stand consecutively in `target`, the last one possibly with an English
/// possessive.
pub(super) fn find_words(target: &Analyzed, words: &[Vec<String>]) -> Vec<(usize, usize)> {
    let n = words.len();
    if n == 0 || target.tokens.len() < n {
        return Vec::new();
    }
    (0..=target.tokens.len() - n)
        .filter(|&i| {
            words.iter().enumerate().all(|(k, forms)| {
                let norm = target.tokens[i + k].norm.as_str();
                let bare = norm.strip_suffix("'s").filter(|_| k == n - 1);
                forms.iter().any(|f| f == norm || bare == Some(f.as_str()))
            })
        })
        .map(|i| (target.tokens[i].start, target.tokens[i + n - 1].end))
        .collect()
}

/// The word before the replaced words agrees with the new first word: in
/// English an article (`a` → `an`), in Russian a preposition (`во вторник`
/// → `в пятницу`, `о мае` → `об июне`). Returns the start to replace from
/// and the words to write there.
pub(super) fn agree_before(text: &str, lang: Lang, start: usize, words: String) -> (usize, String) {
    let before = text[..start].trim_end_matches(' ');
    let gap = &text[before.len()..start];
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    if gap.is_empty() || word.is_empty() {
        return (start, words);
    }
    let lower = word.to_lowercase();
    let mut next = words.chars().flat_map(char::to_lowercase);
    let (first, second) = (next.next(), next.next());
    let vowel = |c: Option<char>, vowels: &str| c.is_some_and(|c| vowels.contains(c));
    let wanted = match (lang, lower.as_str()) {
        (Lang::En, "a" | "an") => {
            if vowel(first, "aeiou") {
                "an"
            } else {
                "a"
            }
        }
        (Lang::Ru, "в" | "во") => {
            let cluster = vowel(first, "вф") && !vowel(second, "аеёиоуыэюя");
            if cluster {
                "во"
            } else {
                "в"
            }
        }
        (Lang::Ru, "с" | "со") => {
            let cluster = vowel(first, "сзшж") && !vowel(second, "аеёиоуыэюя");
            if cluster {
                "со"
            } else {
                "с"
            }
        }
        (Lang::Ru, "о" | "об") => {
            if vowel(first, "аиоуыэ") {
                "об"
            } else {
                "о"
            }
        }
        _ => return (start, words),
    };
    if wanted == lower {
        return (start, words);
    }
    let capital = word.chars().next().is_some_and(char::is_uppercase);
    let wanted = inflect::capital_like(if capital { "A" } else { "a" }, "a", wanted.to_string());
    (word_start, format!("{wanted}{gap}{words}"))
}
