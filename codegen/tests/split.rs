//! `--split tags`: each tag's operations behind a feature, each type behind the features of the
//! tags that use it.

const SPEC: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}}
  /stores:
    get:
      operationId: listStores
      tags: [Pet Stores]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Store'}}}}
  /health:
    get:
      operationId: health
      responses: {'204': {description: up}}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}, owner: {$ref: '#/components/schemas/Owner'}}}
    Store: {type: object, properties: {pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}, city: {type: string}}}
    Owner: {type: object, properties: {name: {type: string}}}
";

#[test]
fn operations_and_types_are_gated_by_the_tags_that_use_them() {
    let options = codegen::Options { split_by_tag: true, ..codegen::Options::default() };
    let g = codegen::generate_with("t.yaml", SPEC, options).expect("generates");
    let features: Vec<&str> = g.api.groups.iter().map(|g| g.feature.as_str()).collect();
    assert_eq!(features, ["pets", "pet-stores", "untagged"]);
    let src = &g.source;
    // Each group's methods sit in their own gated `impl Client`.
    for (feature, method) in [("pets", "list_pets"), ("pet-stores", "list_stores"), ("untagged", "health")] {
        let block = src.find(&format!("#[cfg(feature = \"{feature}\")]\nimpl Client {{")).unwrap_or_else(|| panic!("no block for {feature}:\n{src}"));
        let method_at = src.find(&format!("pub fn {method}(")).expect("method");
        assert!(method_at > block, "{method} is not in the {feature} block");
    }
    // Pet and Owner are reached from both tags with bodies; Store only from pet-stores; the
    // health check reaches none of them.
    let both = Some("#[cfg(any(feature = \"pets\", feature = \"pet-stores\"))]");
    assert_eq!(gate_of(src, "pub struct Pet {"), both, "{src}");
    assert_eq!(gate_of(src, "pub struct Owner {"), both);
    assert_eq!(gate_of(src, "pub struct Store {"), Some("#[cfg(feature = \"pet-stores\")]"));
    // Without the option nothing is gated.
    let plain = codegen::generate("t.yaml", SPEC).expect("generates");
    assert!(!plain.source.contains("feature = \"pets\""), "{}", plain.source);
}

/// The `#[cfg(…)]` among the attributes above the line that starts with `item`.
fn gate_of<'a>(src: &'a str, item: &str) -> Option<&'a str> {
    let lines: Vec<&str> = src.lines().map(str::trim).collect();
    let at = lines.iter().position(|l| l.starts_with(item))?;
    lines[..at].iter().rev().take_while(|l| l.starts_with("#[") || l.starts_with("///")).find(|l| l.starts_with("#[cfg(")).copied()
}

/// Two lists with the same inline item shape: the second's item type becomes an alias of the
/// first's, and nothing refers to the alias but the second list's `into_stream`. Generated with
/// only the used schemas (as `codegen generate` does), the alias must still be emitted: GitHub's
/// `agent-tasks/list-tasks` failed to compile this way.
#[test]
fn a_streamed_item_type_merged_into_another_is_still_emitted() {
    let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: listA
      parameters: [{name: page, in: query, schema: {type: integer}}, {name: per_page, in: query, schema: {type: integer}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {tasks: {type: array, items: {type: object, properties: {id: {type: string}}}}}}}}}
  /b:
    get:
      operationId: listB
      parameters: [{name: page, in: query, schema: {type: integer}}, {name: per_page, in: query, schema: {type: integer}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {tasks: {type: array, items: {type: object, properties: {id: {type: string}}}}}}}}}
";
    for split_by_tag in [false, true] {
        let options = codegen::Options { only_used_schemas: true, split_by_tag };
        let g = codegen::generate_with("t.yaml", spec, options).expect("generates");
        let list_b = g.api.operations.iter().find(|o| o.operation_id == "listB").expect("listB");
        let item = match &list_b.pagination.as_ref().expect("listB streams").item {
            codegen::ir::TypeRef::Named(id) => g.api.types[*id].name.clone(),
            other => panic!("item is not a named type: {other:?}"),
        };
        assert!(
            g.source.contains(&format!("pub struct {item} ")) || g.source.contains(&format!("pub type {item} = ")),
            "`{item}` is streamed but not defined (split: {split_by_tag}):\n{}",
            g.source
        );
    }
}
