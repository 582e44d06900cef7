//! The model's block structure (issue 8): no import cycle between the files
//! of model/src, and no block takes another block's state as `&mut`.
//!
//! A file refers to another by `crate::x` / `super::x` paths (in `use` or
//! inline; `crate::Item` and `super::Item` name lib.rs), and lib.rs to its
//! modules by their bare names (`csr::Csr`). `mod x;` declarations are the
//! module tree, not references. Comments and string literals are ignored.
//! The checker's own unit tests below plant each fault and see it caught.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Files that carry no block state: the root (which wires the blocks
/// together), the values passed between blocks, the build parameters, and
/// the unit tests.
const NOT_BLOCKS: &[&str] = &["lib", "wires", "config", "tests"];

/// Source text with comments and the contents of string and char literals
/// blanked (so a path in a doc comment is not a reference).
fn strip(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(b' ');
        } else if c == b'r' && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#')) && !ident_byte_before(b, i)
        {
            // Raw string r"..." / r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == b'"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&b'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.extend_from_slice(b"\"\"");
            i = j;
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.extend_from_slice(b"\"\"");
        } else if c == b'\'' {
            // A char literal ('x', '\n', '"'), or a lifetime ('a: kept).
            if b.get(i + 1) == Some(&b'\\') {
                let mut j = i + 2;
                while j < b.len() && b[j] != b'\'' {
                    j += 1;
                }
                i = j + 1;
                out.extend_from_slice(b"' '");
            } else if b.get(i + 2) == Some(&b'\'') {
                i += 3;
                out.extend_from_slice(b"' '");
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn ident_byte_before(b: &[u8], i: usize) -> bool {
    i > 0 && is_ident(b[i - 1])
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

fn ident_at(b: &[u8], i: usize) -> Option<(String, usize)> {
    let mut j = i;
    while j < b.len() && is_ident(b[j]) {
        j += 1;
    }
    (j > i).then(|| (String::from_utf8_lossy(&b[i..j]).into_owned(), j))
}

/// The first segment of each path after `prefix::` (a `{...}` group gives
/// the first segment of each of its entries).
fn first_segments(code: &str, prefix: &str) -> Vec<String> {
    let b = code.as_bytes();
    let pat = format!("{prefix}::");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = code[from..].find(&pat) {
        let at = from + k;
        from = at + pat.len();
        // `prefix` must be a whole path segment at the start of a path.
        if ident_byte_before(b, at) || (at >= 2 && &b[at - 2..at] == b"::") {
            continue;
        }
        let i = skip_ws(b, from);
        if b.get(i) == Some(&b'{') {
            // Top-level entries of the group.
            let mut depth = 0;
            let mut j = i + 1;
            let mut entry_start = true;
            while j < b.len() {
                match b[j] {
                    b'{' => depth += 1,
                    b'}' if depth == 0 => break,
                    b'}' => depth -= 1,
                    b',' if depth == 0 => entry_start = true,
                    c if entry_start && is_ident(c) => {
                        if let Some((id, end)) = ident_at(b, j) {
                            out.push(id);
                            j = end;
                            entry_start = false;
                            continue;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        } else if b.get(i) == Some(&b'*') {
            out.push("*".into());
        } else if let Some((id, _)) = ident_at(b, i) {
            out.push(id);
        }
    }
    out
}

/// Modules lib.rs declares (`mod x;`, `pub mod x;`, with attributes before).
fn declared_mods(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in code.lines() {
        let t = line.trim();
        let t = t.strip_prefix("pub ").unwrap_or(t);
        let t = t.strip_prefix("pub(crate) ").unwrap_or(t);
        if let Some(rest) = t.strip_prefix("mod ") {
            if let Some(name) = rest.trim().strip_suffix(';') {
                out.insert(name.trim().to_string());
            }
        }
    }
    out
}

/// `code` without the bodies of inline modules (`mod x { .. }`).
fn without_inline_mods(code: &str) -> String {
    let b = code.as_bytes();
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    while i < b.len() {
        let word_start = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
        if word_start && code[i..].starts_with("mod ") {
            // `mod name` then `{` (inline) or `;` (a file)
            let rest = &code[i + 4..];
            let name_len = rest.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').count();
            let after = rest.trim_start()[name_len..].trim_start();
            if after.starts_with('{') {
                let open = code.len() - after.len();
                let mut depth = 0usize;
                let mut j = open;
                while j < b.len() {
                    match b[j] {
                        b'{' => depth += 1,
                        b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                i = j + 1;
                continue;
            }
        }
        out.push(b[i] as char);
        i += 1;
    }
    out
}

/// The reference graph: file stem -> stems it refers to. `files` are (stem,
/// source) pairs of one flat `src/` directory whose root is `lib`.
fn graph(files: &[(String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let stems: BTreeSet<String> = files.iter().map(|(s, _)| s.clone()).collect();
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (stem, src) in files {
        let code = strip(src);
        let mut to = BTreeSet::new();
        // A first segment that is a file's module names that file; anything
        // else is an item of the crate root.
        let resolve = |seg: &str, to: &mut BTreeSet<String>| {
            if seg == "self" {
                return;
            }
            if stems.contains(seg) {
                to.insert(seg.to_string());
            } else {
                to.insert("lib".to_string());
            }
        };
        for seg in first_segments(&code, "crate") {
            resolve(&seg, &mut to);
        }
        if stem != "lib" {
            // (`super` inside an inline `mod x { .. }`, e.g. unit tests, is this file)
            for seg in first_segments(&without_inline_mods(&code), "super") {
                resolve(&seg, &mut to);
            }
        } else {
            for m in declared_mods(&code) {
                if !first_segments(&code, &m).is_empty() {
                    to.insert(m);
                }
            }
        }
        to.remove(stem);
        g.insert(stem.clone(), to);
    }
    g
}

/// A cycle in `g`, as the files along it (first == last), if there is one.
fn find_cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        mark: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        mark.insert(n.to_string(), Mark::Open);
        path.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            match mark.get(m.as_str()).copied().unwrap_or(Mark::New) {
                Mark::Open => {
                    let k = path.iter().position(|p| p == m).expect("open node is on the path");
                    let mut cyc = path[k..].to_vec();
                    cyc.push(m.clone());
                    return Some(cyc);
                }
                Mark::New => {
                    if let Some(c) = visit(m, g, mark, path) {
                        return Some(c);
                    }
                }
                Mark::Done => {}
            }
        }
        path.pop();
        mark.insert(n.to_string(), Mark::Done);
        None
    }
    let mut mark = BTreeMap::new();
    for n in g.keys() {
        if mark.get(n.as_str()).copied().unwrap_or(Mark::New) == Mark::New {
            if let Some(c) = visit(n, g, &mut mark, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

/// Types (structs, enums) each file defines.
fn defined_types(code: &str) -> BTreeSet<String> {
    let b = code.as_bytes();
    let mut out = BTreeSet::new();
    for kw in ["struct ", "enum "] {
        let mut from = 0;
        while let Some(k) = code[from..].find(kw) {
            let at = from + k;
            from = at + kw.len();
            if ident_byte_before(b, at) {
                continue;
            }
            if let Some((id, _)) = ident_at(b, skip_ws(b, from)) {
                out.insert(id);
            }
        }
    }
    out
}

/// Places where a block file takes `&mut` of a type another block defines:
/// (file, type, owner).
fn foreign_mut(files: &[(String, String)]) -> Vec<(String, String, String)> {
    let blocks: Vec<(&String, String)> =
        files.iter().filter(|(s, _)| !NOT_BLOCKS.contains(&s.as_str())).map(|(s, src)| (s, strip(src))).collect();
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    for (stem, code) in &blocks {
        for t in defined_types(code) {
            owner.insert(t, (*stem).clone());
        }
    }
    let mut bad = Vec::new();
    for (stem, code) in &blocks {
        let b = code.as_bytes();
        let mut from = 0;
        while let Some(k) = code[from..].find('&') {
            let at = from + k;
            from = at + 1;
            // `&mut T`, `&'a mut T`, with T a path: its last segment.
            let mut i = skip_ws(b, at + 1);
            if b.get(i) == Some(&b'\'') {
                i = match ident_at(b, i + 1) {
                    Some((_, e)) => skip_ws(b, e),
                    None => continue,
                };
            }
            if !code[i..].starts_with("mut") || b.get(i + 3).is_some_and(|c| is_ident(*c)) {
                continue;
            }
            let mut j = skip_ws(b, i + 3);
            let mut last = None;
            while let Some((id, e)) = ident_at(b, j) {
                last = Some(id);
                if code[e..].starts_with("::") {
                    j = e + 2;
                } else {
                    break;
                }
            }
            if let Some(t) = last {
                if let Some(o) = owner.get(&t) {
                    if o != *stem {
                        bad.push(((*stem).clone(), t, o.clone()));
                    }
                }
            }
        }
    }
    bad
}

fn model_sources() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for e in std::fs::read_dir(&dir).expect("read model/src") {
        let p = e.expect("dir entry").path();
        // The checker knows a flat src/ (every file a child of lib.rs); a
        // subdirectory would need it extended, so say so rather than skip it.
        assert!(
            !p.is_dir(),
            "{}: model/src has a subdirectory; extend tests/structure.rs to nested modules",
            p.display()
        );
        if p.extension().is_some_and(|x| x == "rs") {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            files.push((stem, std::fs::read_to_string(&p).expect("read source")));
        }
    }
    files.sort();
    files
}

#[test]
fn model_src_has_no_import_cycle() {
    let files = model_sources();
    assert!(files.len() >= 5, "found the model's files: {:?}", files.iter().map(|f| &f.0).collect::<Vec<_>>());
    let g = graph(&files);
    if let Some(c) = find_cycle(&g) {
        panic!("import cycle between model/src files: {} (graph: {g:?})", c.join(" -> "));
    }
    // The blocks refer to the shared leaves, so the graph is not empty.
    assert!(g["rxdma"].contains("wires") && g["lib"].contains("rxdma"), "references found: {g:?}");
}

#[test]
fn no_block_takes_another_blocks_state_as_mut() {
    let bad = foreign_mut(&model_sources());
    assert!(bad.is_empty(), "(file, type, owner) of &mut of another block's state: {bad:?}");
}

fn src(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn checker_catches_a_planted_cycle() {
    let ok = src(&[
        ("lib", "mod a;\nmod b;\npub use a::A;\n"),
        ("a", "use crate::b::B;\npub struct A(B);\n"),
        ("b", "pub struct B;\n"),
    ]);
    assert_eq!(find_cycle(&graph(&ok)), None);
    // b now refers back to a: a -> b -> a.
    let cyc = src(&[
        ("lib", "mod a;\nmod b;\npub use a::A;\n"),
        ("a", "use crate::b::B;\npub struct A(B);\n"),
        ("b", "pub struct B;\nfn f(_: &crate::a::A) {}\n"),
    ]);
    let c = find_cycle(&graph(&cyc)).expect("the planted cycle is found");
    assert!(c.contains(&"a".to_string()) && c.contains(&"b".to_string()), "{c:?}");
    // Through a group import and the crate root: a item of lib.rs used by a
    // module lib.rs refers to (the shape NicConfig in lib.rs had).
    let root =
        src(&[("lib", "mod a;\npub struct Cfg;\nfn g(_: a::A) {}\n"), ("a", "use crate::{Cfg};\npub struct A;\n")]);
    let c = find_cycle(&graph(&root)).expect("the lib <-> a cycle is found");
    assert_eq!(c.first(), c.last());
    // super:: from a child module names lib.rs too.
    let sup = src(&[("lib", "mod a;\npub struct Cfg;\nuse a::A;\n"), ("a", "use super::Cfg;\npub struct A;\n")]);
    assert!(find_cycle(&graph(&sup)).is_some());
}

#[test]
fn checker_ignores_comments_and_strings() {
    let files = src(&[
        ("lib", "mod a;\nmod b;\nuse a::A;\n"),
        ("a", "use crate::b::B;\npub struct A;\n"),
        (
            "b",
            "//! see [`crate::a::A`]\n/* crate::a */\nconst S: &str = \"crate::a::A\";\nlet c = '\"';\npub struct B;\n",
        ),
    ]);
    assert_eq!(find_cycle(&graph(&files)), None, "{:?}", graph(&files));
}

#[test]
fn checker_catches_a_planted_foreign_mut() {
    let files = src(&[
        ("lib", "mod a;\nmod b;\nmod wires;\n"),
        ("a", "pub struct A { x: u32 }\nimpl A { fn f(&mut self, o: &mut crate::wires::Out) {} }\n"),
        ("b", "use crate::a::A;\npub struct B;\nfn g<'x>(a: &A, m: &mut Vec<u8>) {}\n"),
        ("wires", "pub struct Out;\n"),
    ]);
    assert!(foreign_mut(&files).is_empty(), "shared borrows and value outputs are fine");
    let bad = src(&[
        ("lib", "mod a;\nmod b;\n"),
        ("a", "pub struct A { x: u32 }\n"),
        ("b", "pub struct B;\nfn g<'x>(a: &'x mut crate::a::A) {}\n"),
    ]);
    assert_eq!(foreign_mut(&bad), vec![("b".to_string(), "A".to_string(), "a".to_string())]);
}

#[test]
fn super_inside_a_files_unit_tests_is_the_file_itself() {
    // `use super::*` in a file's inline test module names that file, not lib.rs...
    let tests = src(&[
        ("lib", "mod a;\npub use a::A;\n"),
        ("a", "pub struct A;\n#[cfg(test)]\nmod tests {\n    use super::*;\n    fn f() { let _ = A; }\n}\n"),
    ]);
    assert_eq!(find_cycle(&graph(&tests)), None);
    // ...while `super::` outside it still names lib.rs.
    let outer = src(&[("lib", "mod a;\npub use a::A;\npub struct C;\n"), ("a", "use super::C;\npub struct A;\n")]);
    assert!(find_cycle(&graph(&outer)).is_some());
}
