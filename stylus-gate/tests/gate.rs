//! The gate accepts a minimal Stylus program and refuses each kind of program Nitro would not activate,
//! with a message naming the problem.

use stylus_gate::{check, strip_data_count, validate, MAX_COMPRESSED, MAX_RAW};

/// A minimal valid program: the two exports, one fixed-size memory, one host import.
const OK: &str = r#"(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param i32) (result i32)
    (call $read_args (i32.const 0))
    (i32.const 0)))"#;

fn wasm(text: &str) -> Vec<u8> {
    wat::parse_str(text).expect("fixture is valid WAT")
}

/// A program with `body` as an extra function and `extra` as extra module fields.
fn program(extra: &str, body: &str) -> Vec<u8> {
    wasm(&format!(
        r#"(module
  {extra}
  (memory (export "memory") 4 4)
  (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0))
  (func $extra {body}))"#
    ))
}

fn problems(wasm: &[u8]) -> String {
    check(wasm).expect_err("the gate must refuse this program").to_string()
}

/// `n` bytes that brotli cannot compress, as a WAT string literal.
fn noise(n: usize) -> String {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            format!("\\{:02x}", x as u8)
        })
        .collect()
}

#[test]
fn accepts_a_minimal_program() {
    let sizes = check(&wasm(OK)).expect("a minimal program passes");
    assert_eq!(sizes.raw, wasm(OK).len());
    assert!(sizes.compressed > 0);
}

#[test]
fn refuses_a_program_over_the_compressed_limit() {
    let text = format!(
        r#"(module (memory (export "memory") 1 1) (data (i32.const 0) "{}")
      (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))"#,
        noise(30_000)
    );
    let sizes = stylus_gate::sizes(&wasm(&text));
    assert!(sizes.compressed > MAX_COMPRESSED && sizes.raw <= MAX_RAW);
    assert_eq!(sizes.data, 30_000, "the data segment's bytes");
    let msg = problems(&wasm(&text));
    assert_eq!(msg, format!("program is {} bytes compressed, over the limit of 24576 by {}", sizes.compressed, sizes.compressed - 24_576));
}

#[test]
fn refuses_a_program_over_the_raw_limit() {
    let zeros = "\\00".repeat(140_000);
    let text = format!(
        r#"(module (memory (export "memory") 3 3) (data (i32.const 0) "{zeros}")
      (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))"#
    );
    let raw = wasm(&text).len();
    assert_eq!(problems(&wasm(&text)), format!("program is {raw} bytes uncompressed, over the limit of 131072 by {}", raw - 131_072));
}

#[test]
fn refuses_forbidden_wasm_features() {
    let cases = [
        ("simd", "(drop (v128.const i64x2 0 0))", "SIMD support is not enabled"),
        (
            "multi-value",
            "(param) (result i32 i32) (i32.const 1) (i32.const 2)",
            "func type returns multiple values but the multi-value feature is not enabled",
        ),
        ("threads", "(drop (i32.atomic.load (i32.const 0)))", "threads support is not enabled"),
        ("reference types", "(drop (ref.null func))", "reference types support is not enabled"),
        ("tail calls", "(return_call $extra)", "tail calls support is not enabled"),
    ];
    for (feature, body, expected) in cases {
        let msg = problems(&program("", body));
        assert!(msg.starts_with("invalid WASM for Stylus: "), "{feature}: {msg}");
        assert!(msg.contains(expected), "{feature}: {msg}");
    }
}

#[test]
fn refuses_operators_nitro_does_not_implement() {
    let msg = problems(&program("", "(drop (f64.add (f64.const 1) (f64.const 2)))"));
    assert_eq!(msg, "function 1 uses `F64Add`: float arithmetic not supported by Stylus");
    let msg = problems(&program(r#"(data $d "x")"#, "(memory.init $d (i32.const 0) (i32.const 0) (i32.const 1))"));
    assert_eq!(
        msg,
        "program has a DataCount section, which Nitro's parser refuses (wasm-opt writes one under bulk memory; `stylus-gate strip` \
         removes it); function 1 uses `MemoryInit`: bulk-memory or table operator not supported by Stylus"
    );
    // Float values that are only moved around are fine.
    validate(&program("", "(drop (f64.const 1.5))")).expect("float constants are allowed");
    validate(&program("", "(memory.fill (i32.const 0) (i32.const 0) (i32.const 8))")).expect("memory.fill is allowed");
}

#[test]
fn refuses_foreign_and_unknown_imports() {
    let msg = problems(&program(r#"(import "env" "abort" (func))"#, ""));
    assert_eq!(msg, "import `env::abort` is from a module other than vm_hooks or console");
    let msg = problems(&program(r#"(import "vm_hooks" "storage_store_bytes32" (func (param i32 i32)))"#, ""));
    assert_eq!(msg, "import `vm_hooks::storage_store_bytes32` is not a Stylus host function");
    let msg = problems(&program(r#"(import "vm_hooks" "msg_sender" (func (param i64)))"#, ""));
    assert_eq!(msg, "import `vm_hooks::msg_sender` has the wrong signature (expected (func (param i32)))");
    let msg = problems(&program(r#"(import "vm_hooks" "g" (global i32))"#, ""));
    assert_eq!(msg, "import `vm_hooks::g` is not a function; Stylus imports only host functions");
    validate(&program(r#"(import "console" "log_txt" (func (param i32 i32)))"#, "")).expect("console is allowed");
}

#[test]
fn refuses_missing_or_wrong_exports() {
    let msg = problems(&wasm(r#"(module (memory (export "memory") 1 1))"#));
    assert_eq!(msg, "missing export `user_entrypoint` (a function)");
    let msg = problems(&wasm(r#"(module (memory (export "memory") 1 1) (func (export "user_entrypoint") (result i32) (i32.const 0)))"#));
    assert_eq!(msg, "export `user_entrypoint` must have type (i32) -> i32");
    let msg = problems(&wasm(r#"(module (memory 1 1) (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))"#));
    assert_eq!(msg, "missing export `memory` (a memory)");
    let msg = problems(&program(r#"(export "stylus_start" (func $extra))"#, ""));
    assert_eq!(msg, "export `stylus_start` uses the reserved prefix `stylus`");
}

#[test]
fn refuses_bad_memories_and_start_functions() {
    let msg = problems(&wasm(
        r#"(module (memory (export "memory") 1) (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))"#,
    ));
    assert_eq!(msg, "memory can grow but `vm_hooks::pay_for_memory_grow` is not imported");
    let grow = r#"(module (import "vm_hooks" "pay_for_memory_grow" (func (param i32))) (memory (export "memory") 1)
      (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))"#;
    validate(&wasm(grow)).expect("a growable memory with pay_for_memory_grow is allowed");
    let msg = problems(&wasm(
        r#"(module (memory (export "memory") 129 129) (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))"#,
    ));
    assert_eq!(msg, "memory starts at 129 pages, over the limit of 128");
    let msg = problems(&program("(start $extra)", ""));
    assert_eq!(msg, "program has a start function; Stylus forbids start functions");
}

#[test]
fn refuses_too_many_locals() {
    let locals = format!("(local{})", " i32".repeat(349));
    let msg = problems(&program("", &locals));
    assert_eq!(msg, "function 1 declares 349 locals, over Nitro's limit of 348");
}

/// `wasm` with a DataCount section (id 12) for `count` segments put before its code section (id 10),
/// where wasm-opt writes it.
fn with_data_count(wasm: &[u8], count: u8) -> Vec<u8> {
    let mut at = 8;
    while wasm[at] != 10 {
        at += 2 + wasm[at + 1] as usize; // the fixture's sections before the code are under 128 bytes
    }
    [&wasm[..at], &[12, 1, count], &wasm[at..]].concat()
}

#[test]
fn refuses_a_data_count_section_and_strip_removes_it() {
    let plain = wasm(
        r#"(module (memory (export "memory") 1 1) (data (i32.const 0) "ab")
      (func (export "user_entrypoint") (param i32) (result i32)
        (memory.copy (i32.const 8) (i32.const 0) (i32.const 2)) (i32.const 0)))"#,
    );
    check(&plain).expect("memory.copy with a data segment and no DataCount passes");
    let counted = with_data_count(&plain, 1);
    assert_eq!(
        problems(&counted),
        "program has a DataCount section, which Nitro's parser refuses (wasm-opt writes one under bulk memory; `stylus-gate strip` removes it)"
    );
    assert_eq!(strip_data_count(&counted).expect("strips"), plain);
    assert_eq!(strip_data_count(&plain).expect("nothing to strip"), plain);
    let cut = &counted[..counted.len() - 3];
    assert_eq!(strip_data_count(cut).unwrap_err().to_string(), "malformed WASM: a section runs past the end of the module");
}
