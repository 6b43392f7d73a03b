//! Which operations a generated client may retry: by method, or as `x-idempotent` says.

const SPEC: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /charges:
    post:
      operationId: createCharge
      x-idempotent: true
      responses: {'201': {description: created}}
    get:
      operationId: listCharges
      responses: {'200': {description: ok}}
  /charges/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    delete:
      operationId: deleteCharge
      x-idempotent: false
      responses: {'204': {description: gone}}
    patch:
      operationId: updateCharge
      responses: {'200': {description: ok}}
    put:
      operationId: replaceCharge
      responses: {'200': {description: ok}}
";

#[test]
fn idempotency_follows_the_method_unless_the_spec_says_otherwise() {
    let generated = codegen::generate("spec.yaml", SPEC).expect("generates");
    let flags: std::collections::BTreeMap<&str, bool> =
        generated.api.operations.iter().map(|op| (op.operation_id.as_str(), op.idempotent)).collect();
    let expected = [
        ("createCharge", true),
        ("deleteCharge", false),
        ("listCharges", true),
        ("replaceCharge", true),
        ("updateCharge", false),
    ];
    assert_eq!(flags, expected.into_iter().collect());
    // The flag reaches the runtime through each call's `OperationInfo`.
    let source = generated.source.replace(char::is_whitespace, "");
    assert!(source.contains("operation_id:\"createCharge\",method:\"POST\",path_template:\"/charges\",idempotent:true"), "{}", generated.source);
    assert!(source.contains("operation_id:\"deleteCharge\",method:\"DELETE\",path_template:\"/charges/{id}\",idempotent:false"));
}
