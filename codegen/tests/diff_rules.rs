//! One test per diff rule: a pair of small specs (the base spec in `tests/diff/base.yaml` with a
//! text patch on either side) for which the rule must fire with its verdict and pointer, while
//! only the listed related rules fire besides it.

use codegen::diff::{diff_specs, whole_spec, Input, Level, Verdict, RULES};

const BASE: &str = include_str!("diff/base.yaml");

struct Case {
    rule: &'static str,
    verdict: Verdict,
    pointer: &'static str,
    old: &'static [(&'static str, &'static str)],
    new: &'static [(&'static str, &'static str)],
    also: &'static [&'static str],
}

macro_rules! cases {
    ($( $test:ident: $rule:literal $verdict:ident at $ptr:expr,
        $(old [$($o:expr),* $(,)?])?
        $(new [$($n:expr),* $(,)?])?
        also [$($also:literal),* $(,)?]; )*) => {
        const CASES: &[Case] = &[ $( Case {
            rule: $rule,
            verdict: Verdict::$verdict,
            pointer: $ptr,
            old: &[$($($o),*)?],
            new: &[$($($n),*)?],
            also: &[$($also),*],
        }, )* ];
        $( #[test] fn $test() { check($rule); } )*
    };
}

// Patches shared by several cases.
const ADD_HEALTH: (&str, &str) = ("paths:\n", "paths:\n  /health:\n    get: {operationId: health, responses: {'200': {description: ok}}}\n");
const DROP_DELETE: (&str, &str) = ("    delete: {operationId: deleteToy, responses: {'204': {description: gone}}}\n", "");
const DEPRECATE: (&str, &str) = ("{operationId: deleteToy,", "{operationId: deleteToy, deprecated: true,");
const STABLE: (&str, &str) = ("{operationId: deleteToy,", "{operationId: deleteToy, x-stability-level: stable,");
const BETA: (&str, &str) = ("{operationId: deleteToy,", "{operationId: deleteToy, x-stability-level: beta,");
const RENAME_TOY_PATH: (&str, &str) = ("  /pets/{petId}/toys/{toyId}:", "  /pets/{petId}/toys/{toy}:");
const RENAME_TOY_PARAM: (&str, &str) = ("{name: toyId,", "{name: toy,");
const NEW_SERVER: (&str, &str) = ("https://api.example.com", "https://api.example.org");
const DELETE_BODY: (&str, &str) = (
    "{operationId: deleteToy,",
    "{operationId: deleteToy, requestBody: {required: true, content: {application/json: {schema: {type: object, properties: {reason: {type: string}}}}}},",
);
const DELETE_BODY_OPT: (&str, &str) = (
    "{operationId: deleteToy,",
    "{operationId: deleteToy, requestBody: {required: false, content: {application/json: {schema: {type: object, properties: {reason: {type: string}}}}}},",
);
const BODY_OPTIONAL: (&str, &str) = ("requestBody: {required: true,", "requestBody: {required: false,");
const TEXT_BODY: (&str, &str) =
    ("{schema: {$ref: '#/components/schemas/NewPet'}}}}", "{schema: {$ref: '#/components/schemas/NewPet'}}, text/plain: {schema: {type: string}}}}");
const NEWPET_PATTERN: (&str, &str) = (
    "        toy: {oneOf: [{$ref: '#/components/schemas/Ball'}, {$ref: '#/components/schemas/Bone'}, {$ref: '#/components/schemas/Rope'}]}\n",
    "        toy: {oneOf: [{$ref: '#/components/schemas/Ball'}, {$ref: '#/components/schemas/Bone'}, {$ref: '#/components/schemas/Rope'}]}\n      patternProperties:\n        '^x-': {type: string}\n",
);
const PET_PATTERN: (&str, &str) = ("        nickname: {type: string}\n", "        nickname: {type: string}\n      patternProperties:\n        '^x-': {type: string}\n");
const OWNER_PROP: (&str, &str) = ("        tag: {type: string}\n", "        tag: {type: string}\n        owner: {type: string}\n");
const OWNER_REQUIRED: (&str, &str) = ("required: [name]\n", "required: [name, owner]\n");
const DROP_ROPE: (&str, &str) = (", {$ref: '#/components/schemas/Rope'}]}", "]}");
const PET_NAME_OPTIONAL: (&str, &str) = ("required: [id, name]", "required: [id]");
const DROP_NICKNAME: (&str, &str) = ("        nickname: {type: string}\n", "");
const ADD_AGE: (&str, &str) = ("        nickname: {type: string}\n", "        nickname: {type: string}\n        age: {type: integer}\n");
const NICKNAME_REQUIRED: (&str, &str) = ("required: [id, name]", "required: [id, name, nickname]");
const NULLABLE_NICKNAME: (&str, &str) = ("        nickname: {type: string}\n", "        nickname: {type: string, nullable: true}\n");
const CODE_STRING: (&str, &str) = ("code: {type: integer}", "code: {type: string}");
const STATUS_PENDING: (&str, &str) = ("enum: [available, sold]", "enum: [available, sold, pending]");
const STATUS_NO_SOLD: (&str, &str) = ("enum: [available, sold]", "enum: [available]");
const TOY_202: (&str, &str) = (
    "        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Toy'}}}}\n",
    "        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Toy'}}}}\n        '202': {description: later}\n",
);
const PETS_500: (&str, &str) = ("        '4XX':\n", "        '500': {description: boom}\n        '4XX':\n");
const TOY_NO_BODY: (&str, &str) = ("'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Toy'}}}}", "'200': {description: ok}");
const TOY_TEXT: (&str, &str) =
    ("{schema: {$ref: '#/components/schemas/Toy'}}}}", "{schema: {$ref: '#/components/schemas/Toy'}}, text/plain: {schema: {type: string}}}}");
const BEARER: (&str, &str) =
    ("    key: {type: apiKey, in: header, name: X-Key}\n", "    key: {type: apiKey, in: header, name: X-Key}\n    other: {type: http, scheme: bearer}\n");

const TAG_DEFAULT_A: (&str, &str) = ("{name: tag, in: query, schema: {type: string}}", "{name: tag, in: query, schema: {type: string, default: all}}");
const TAG_DEFAULT_B: (&str, &str) = ("{name: tag, in: query, schema: {type: string}}", "{name: tag, in: query, schema: {type: string, default: none}}");
const NAME_PATTERN_A: (&str, &str) = ("name: {type: string, maxLength: 50}", "name: {type: string, maxLength: 50, pattern: '^[a-z]+$'}");
const NAME_PATTERN_B: (&str, &str) = ("name: {type: string, maxLength: 50}", "name: {type: string, maxLength: 50, pattern: '^[a-z0-9]+$'}");
const TOY_OK: &str = "'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Toy'}}}}";
const RATE_REQUIRED: (&str, &str) = (
    TOY_OK,
    "'200': {description: ok, headers: {X-Rate: {required: true, schema: {type: integer}}}, content: {application/json: {schema: {$ref: '#/components/schemas/Toy'}}}}",
);
const RATE_OPTIONAL: (&str, &str) =
    (TOY_OK, "'200': {description: ok, headers: {X-Rate: {schema: {type: integer}}}, content: {application/json: {schema: {$ref: '#/components/schemas/Toy'}}}}");
const DELETE_ONLY_404: (&str, &str) = ("responses: {'204': {description: gone}}", "responses: {'404': {description: missing}}");

cases! {
    operation_added: "operation-added" NonBreaking at "/paths/~1health/get", new [ADD_HEALTH] also ["rust-method-added"];
    operation_removed: "operation-removed" Breaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/delete", new [DROP_DELETE] also ["rust-method-removed"];
    operation_moved: "operation-moved" Breaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/post",
        new [("    delete: {operationId", "    post: {operationId")] also [];
    operation_deprecated: "operation-deprecated" Info at "/paths/~1pets~1{petId}~1toys~1{toyId}/delete/deprecated", new [DEPRECATE] also ["rust-method-deprecated"];
    operation_stability_decreased: "operation-stability-decreased" Breaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/delete/x-stability-level", old [STABLE] new [BETA] also [];
    path_param_renamed: "path-param-renamed" Info at "/paths/~1pets~1{petId}~1toys~1{toy}", new [RENAME_TOY_PATH, RENAME_TOY_PARAM] also ["rust-argument-renamed"];
    servers_changed: "servers-changed" Info at "/servers", new [NEW_SERVER] also ["rust-default-base-url-changed"];

    request_param_added_required: "request-param-added-required" Breaking at "/paths/~1pets/get/parameters/1",
        new [("        - {name: tag,", "        - {name: owner, in: query, required: true, schema: {type: string}}\n        - {name: tag,")]
        also ["rust-method-arguments-changed"];
    request_param_added_optional: "request-param-added-optional" NonBreaking at "/paths/~1pets/get/parameters/1",
        new [("        - {name: tag,", "        - {name: owner, in: query, schema: {type: string}}\n        - {name: tag,")]
        also ["rust-builder-method-added"];
    request_param_removed: "request-param-removed" Warning at "/paths/~1pets/get/parameters",
        new [("        - {name: tag, in: query, schema: {type: string}}\n", "")] also ["rust-builder-method-removed"];
    request_param_became_required: "request-param-became-required" Breaking at "/paths/~1pets/get/parameters/1/required",
        new [("{name: tag, in: query,", "{name: tag, in: query, required: true,")] also ["rust-method-arguments-changed", "rust-builder-method-removed"];
    request_param_became_optional: "request-param-became-optional" NonBreaking at "/paths/~1pets/post/parameters/0",
        new [("in: header, required: true", "in: header, required: false")] also ["rust-method-arguments-changed", "rust-builder-method-added"];
    request_param_moved: "request-param-moved" Breaking at "/paths/~1pets/post/parameters/0",
        new [("{name: X-Request-Id, in: header", "{name: X-Request-Id, in: query")] also [];
    request_param_default_added: "request-param-default-added" Breaking at "/paths/~1pets/get/parameters/1/schema/default", new [TAG_DEFAULT_A] also [];
    request_param_default_changed: "request-param-default-changed" Breaking at "/paths/~1pets/get/parameters/1/schema/default",
        old [TAG_DEFAULT_A] new [TAG_DEFAULT_B] also [];
    request_param_default_removed: "request-param-default-removed" Breaking at "/paths/~1pets/get/parameters/1/schema", old [TAG_DEFAULT_A] also [];
    request_param_style_changed: "request-param-style-changed" Breaking at "/paths/~1pets/get/parameters/1",
        new [("{name: tag, in: query,", "{name: tag, in: query, explode: false,")] also [];

    request_body_added_required: "request-body-added-required" Breaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/delete/requestBody",
        new [DELETE_BODY] also ["rust-method-arguments-changed", "rust-type-added"];
    request_body_added_optional: "request-body-added-optional" NonBreaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/delete/requestBody",
        new [DELETE_BODY_OPT] also ["rust-builder-method-added", "rust-type-added"];
    request_body_removed: "request-body-removed" Breaking at "/paths/~1pets/post",
        new [("      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/NewPet'}}}}\n", "")]
        also ["rust-method-arguments-changed"];
    request_body_became_required: "request-body-became-required" Breaking at "/paths/~1pets/post/requestBody/required",
        old [BODY_OPTIONAL] also ["rust-method-arguments-changed", "rust-builder-method-removed"];
    request_body_became_optional: "request-body-became-optional" NonBreaking at "/paths/~1pets/post/requestBody",
        new [BODY_OPTIONAL] also ["rust-method-arguments-changed", "rust-builder-method-added"];
    request_media_type_removed: "request-media-type-removed" Breaking at "/paths/~1pets/post/requestBody/content", old [TEXT_BODY] also [];
    request_media_type_added: "request-media-type-added" NonBreaking at "/paths/~1pets/post/requestBody/content/text~1plain", new [TEXT_BODY] also [];

    request_property_added_required: "request-property-added-required" Breaking at "/components/schemas/NewPet/properties/owner",
        new [OWNER_REQUIRED, OWNER_PROP] also ["rust-field-added-required"];
    request_pattern_property_added: "request-pattern-property-added" Breaking at "/components/schemas/NewPet/patternProperties/^x-", new [NEWPET_PATTERN] also [];
    request_pattern_property_removed: "request-pattern-property-removed" NonBreaking at "/components/schemas/NewPet/patternProperties", old [NEWPET_PATTERN] also [];
    response_pattern_property_added: "response-pattern-property-added" NonBreaking at "/components/schemas/Pet/patternProperties/^x-", new [PET_PATTERN] also [];
    response_pattern_property_removed: "response-pattern-property-removed" Breaking at "/components/schemas/Pet/patternProperties", old [PET_PATTERN] also [];
    request_property_added_optional: "request-property-added-optional" NonBreaking at "/components/schemas/NewPet/properties/owner",
        new [OWNER_PROP] also ["rust-field-added-optional"];
    request_property_removed: "request-property-removed" Warning at "/components/schemas/NewPet/properties",
        new [("        tag: {type: string}\n", "")] also ["rust-field-removed"];
    request_property_removed_closed: "request-property-removed-closed" Breaking at "/components/schemas/NewPet/properties",
        old [("      required: [name]\n      properties:\n        name: {type: string, maxLength: 50}", "      required: [name]\n      additionalProperties: false\n      properties:\n        name: {type: string, maxLength: 50}")]
        new [("      required: [name]\n      properties:\n        name: {type: string, maxLength: 50}", "      required: [name]\n      additionalProperties: false\n      properties:\n        name: {type: string, maxLength: 50}"), ("        tag: {type: string}\n", "")]
        also ["rust-field-removed"];
    request_property_became_required: "request-property-became-required" Breaking at "/components/schemas/NewPet/properties/tag",
        new [("required: [name]\n", "required: [name, tag]\n")] also ["rust-field-became-required"];
    request_property_became_optional: "request-property-became-optional" NonBreaking at "/components/schemas/NewPet/properties/name",
        new [("required: [name]\n", "required: []\n")] also ["rust-field-became-optional"];
    request_type_changed: "request-type-changed" Breaking at "/paths/~1pets/get/parameters/0/schema",
        new [("{type: integer, format: int32, maximum: 100}", "{type: string}")] also ["rust-builder-method-type-changed"];
    request_enum_value_removed: "request-enum-value-removed" Breaking at "/components/schemas/NewPet/properties/size",
        new [("enum: [small, large]", "enum: [small]")] also ["rust-variant-removed"];
    request_enum_value_added: "request-enum-value-added" NonBreaking at "/components/schemas/NewPet/properties/size",
        new [("enum: [small, large]", "enum: [small, large, huge]")] also ["rust-variant-added"];
    request_nullable_removed: "request-nullable-removed" Breaking at "/components/schemas/NewPet/properties/note",
        new [("note: {type: string, nullable: true}", "note: {type: string}")] also [];
    request_nullable_added: "request-nullable-added" NonBreaking at "/components/schemas/NewPet/properties/tag",
        new [("        tag: {type: string}\n", "        tag: {type: string, nullable: true}\n")] also [];
    request_format_narrowed: "request-format-narrowed" Breaking at "/components/schemas/NewPet/properties/tag",
        new [("        tag: {type: string}\n", "        tag: {type: string, format: uuid}\n")] also ["rust-field-type-changed"];
    request_format_widened: "request-format-widened" NonBreaking at "/components/schemas/NewPet/properties/weight",
        new [("weight: {type: integer, format: int32}", "weight: {type: integer, format: int64}")] also ["rust-field-type-changed"];
    request_constraint_tightened: "request-constraint-tightened" Breaking at "/components/schemas/NewPet/properties/name",
        new [("maxLength: 50", "maxLength: 20")] also [];
    request_constraint_relaxed: "request-constraint-relaxed" NonBreaking at "/components/schemas/NewPet/properties/name",
        new [("maxLength: 50", "maxLength: 100")] also [];
    request_pattern_changed: "request-pattern-changed" Warning at "/components/schemas/NewPet/properties/name",
        old [NAME_PATTERN_A] new [NAME_PATTERN_B] also [];
    request_union_member_removed: "request-union-member-removed" Breaking at "/components/schemas/NewPet/properties/toy",
        new [DROP_ROPE] also ["rust-variant-removed"];
    request_union_member_added: "request-union-member-added" NonBreaking at "/components/schemas/NewPet/properties/toy/oneOf/2",
        old [DROP_ROPE] also ["rust-variant-added"];

    response_property_removed: "response-property-removed" Breaking at "/components/schemas/Pet/properties",
        new [PET_NAME_OPTIONAL, ("        name: {type: string}\n", "")] also ["rust-field-removed"];
    response_optional_property_removed: "response-optional-property-removed" NonBreaking at "/components/schemas/Pet/properties",
        new [DROP_NICKNAME] also ["rust-field-removed"];
    response_property_added: "response-property-added" NonBreaking at "/components/schemas/Pet/properties/age", new [ADD_AGE] also ["rust-field-added-optional"];
    response_property_became_optional: "response-property-became-optional" Breaking at "/components/schemas/Pet/properties/name",
        new [PET_NAME_OPTIONAL] also ["rust-field-became-optional"];
    response_property_became_required: "response-property-became-required" NonBreaking at "/components/schemas/Pet/properties/nickname",
        new [NICKNAME_REQUIRED] also ["rust-field-became-required"];
    response_became_nullable: "response-became-nullable" Breaking at "/components/schemas/Pet/properties/nickname", new [NULLABLE_NICKNAME] also [];
    response_nullable_removed: "response-nullable-removed" NonBreaking at "/components/schemas/Pet/properties/nickname", old [NULLABLE_NICKNAME] also [];
    response_type_changed: "response-type-changed" Breaking at "/components/schemas/Error/properties/code", new [CODE_STRING] also ["rust-field-type-changed"];
    response_enum_value_added: "response-enum-value-added" NonBreaking at "/components/schemas/Status", new [STATUS_PENDING] also ["rust-variant-added"];
    response_enum_value_removed: "response-enum-value-removed" NonBreaking at "/components/schemas/Status", new [STATUS_NO_SOLD] also ["rust-variant-removed"];
    response_format_widened: "response-format-widened" Breaking at "/components/schemas/Pet/properties/id",
        new [("id: {type: integer, format: int32}", "id: {type: integer, format: int64}")] also ["rust-field-type-changed"];
    response_format_narrowed: "response-format-narrowed" NonBreaking at "/components/schemas/Pet/properties/nickname",
        new [("        nickname: {type: string}\n", "        nickname: {type: string, format: date-time}\n")] also ["rust-field-type-changed"];
    response_constraint_relaxed: "response-constraint-relaxed" Breaking at "/components/schemas/Error/properties/message",
        new [("maxLength: 200", "maxLength: 500")] also [];
    response_union_member_added: "response-union-member-added" Breaking at "/components/schemas/Toy/oneOf/3",
        new [("        - $ref: '#/components/schemas/Rope'\n", "        - $ref: '#/components/schemas/Rope'\n        - $ref: '#/components/schemas/Legacy'\n")]
        also ["rust-variant-added"];
    response_union_member_removed: "response-union-member-removed" NonBreaking at "/components/schemas/Toy",
        new [("        - $ref: '#/components/schemas/Bone'\n", "")] also ["rust-variant-removed"];

    success_status_changed: "success-status-changed" Breaking at "/paths/~1pets/post/responses/200",
        new [("        '201':\n          description: created", "        '200':\n          description: created")] also [];
    success_status_added: "success-status-added" Breaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/get/responses/202",
        new [TOY_202] also ["rust-method-return-type-changed", "rust-type-added"];
    success_status_removed: "success-status-removed" NonBreaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/get/responses",
        old [TOY_202] also ["rust-method-return-type-changed", "rust-type-removed"];
    error_status_added: "error-status-added" NonBreaking at "/paths/~1pets/get/responses/500",
        new [PETS_500] also ["rust-method-error-type-changed", "rust-type-added"];
    error_status_removed: "error-status-removed" NonBreaking at "/paths/~1pets/get/responses",
        old [PETS_500] also ["rust-method-error-type-changed", "rust-type-removed"];
    response_body_removed: "response-body-removed" Breaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/get/responses/200",
        new [TOY_NO_BODY] also ["rust-method-return-type-changed"];
    response_body_added: "response-body-added" NonBreaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/delete/responses/204/content",
        new [("'204': {description: gone}", "'204': {description: gone, content: {application/json: {schema: {type: string}}}}")]
        also ["rust-method-return-type-changed"];
    response_media_type_removed: "response-media-type-removed" Breaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/get/responses/200/content",
        old [TOY_TEXT] also ["rust-method-return-type-changed", "rust-type-removed"];
    response_media_type_added: "response-media-type-added" NonBreaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/get/responses/200/content/text~1plain",
        new [TOY_TEXT] also ["rust-method-return-type-changed", "rust-type-added"];
    response_header_removed: "response-header-removed" Breaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/get/responses/200/headers",
        old [RATE_REQUIRED] also ["rust-type-removed"];
    response_optional_header_removed: "response-optional-header-removed" NonBreaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/get/responses/200/headers",
        old [RATE_OPTIONAL] also ["rust-type-removed"];
    response_header_became_optional: "response-header-became-optional" Breaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/get/responses/200/headers/X-Rate",
        old [RATE_REQUIRED] new [RATE_OPTIONAL] also [];
    response_header_added: "response-header-added" NonBreaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/get/responses/200/headers/X-Rate",
        new [RATE_OPTIONAL] also ["rust-type-added"];
    success_status_all_removed: "success-status-all-removed" Breaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/delete/responses",
        new [DELETE_ONLY_404] also ["error-status-added", "rust-method-error-type-changed"];

    security_requirement_added: "security-requirement-added" Breaking at "/security",
        new [("      operationId: listPets\n      security: []\n", "      operationId: listPets\n")] also [];
    security_requirement_removed: "security-requirement-removed" NonBreaking at "/paths/~1pets/post/security",
        new [("      operationId: createPet\n", "      operationId: createPet\n      security: []\n")] also [];
    security_scope_added: "security-scope-added" Breaking at "/security/0/key",
        old [("  - key: []\n", "  - key: [read]\n")] new [("  - key: []\n", "  - key: [read, write]\n")] also [];
    security_scope_removed: "security-scope-removed" NonBreaking at "/security/0/key",
        old [("  - key: []\n", "  - key: [read, write]\n")] new [("  - key: []\n", "  - key: [read]\n")] also [];
    request_extensible_enum_value_removed: "request-enum-value-removed" Breaking at "/components/schemas/NewPet/properties/tag",
        old [("        tag: {type: string}\n", "        tag: {type: string, x-extensible-enum: [a, b]}\n")]
        new [("        tag: {type: string}\n", "        tag: {type: string, x-extensible-enum: [a]}\n")] also [];
    request_schema_added: "request-schema-added" Breaking at "/paths/~1pets/post/requestBody/content/application~1json/schema",
        old [("{application/json: {schema: {$ref: '#/components/schemas/NewPet'}}}", "{application/json: {}}")] also ["rust-method-arguments-changed"];
    request_schema_removed: "request-schema-removed" NonBreaking at "/paths/~1pets/post/requestBody/content/application~1json",
        new [("{application/json: {schema: {$ref: '#/components/schemas/NewPet'}}}", "{application/json: {}}")] also ["rust-method-arguments-changed"];
    response_schema_removed: "response-schema-removed" Breaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/get/responses/200/content/application~1json",
        new [("{application/json: {schema: {$ref: '#/components/schemas/Toy'}}}", "{application/json: {}}")] also ["rust-method-return-type-changed"];
    response_schema_added: "response-schema-added" NonBreaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/get/responses/200/content/application~1json/schema",
        old [("{application/json: {schema: {$ref: '#/components/schemas/Toy'}}}", "{application/json: {}}")] also ["rust-method-return-type-changed"];
    response_pattern_changed: "response-pattern-changed" Warning at "/components/schemas/Error/properties/message",
        old [("message: {type: string, maxLength: 200}", "message: {type: string, maxLength: 200, pattern: '^[a-z]+$'}")]
        new [("message: {type: string, maxLength: 200}", "message: {type: string, maxLength: 200, pattern: '^[a-z0-9]+$'}")] also [];
    response_const_changed: "response-const-changed" Breaking at "/components/schemas/Error/properties/code",
        old [("code: {type: integer}", "code: {type: integer, const: 1}")] new [("code: {type: integer}", "code: {type: integer, const: 2}")]
        also ["response-enum-value-added", "response-enum-value-removed", "rust-variant-removed", "rust-variant-added"];
    request_wrapped_in_one_of: "request-wrapped-in-one-of" Breaking at "/paths/~1pets/post/requestBody/content/application~1json/schema",
        new [("{application/json: {schema: {$ref: '#/components/schemas/NewPet'}}}", "{application/json: {schema: {oneOf: [{$ref: '#/components/schemas/Ball'}, {$ref: '#/components/schemas/Bone'}]}}}")]
        also ["rust-type-added", "rust-method-arguments-changed"];
    webhook_removed: "webhook-removed" Breaking at "/webhooks/ping/post",
        old [("openapi: 3.0.3\n", "openapi: 3.1.0\n"), ("components:\n", "webhooks:\n  ping:\n    post:\n      responses: {'200': {description: ok}}\ncomponents:\n")]
        new [("openapi: 3.0.3\n", "openapi: 3.1.0\n")] also [];
    webhook_added: "webhook-added" NonBreaking at "/webhooks/ping/post",
        old [("openapi: 3.0.3\n", "openapi: 3.1.0\n")]
        new [("openapi: 3.0.3\n", "openapi: 3.1.0\n"), ("components:\n", "webhooks:\n  ping:\n    post:\n      responses: {'200': {description: ok}}\ncomponents:\n")] also [];
    sunset_moved_earlier: "sunset-moved-earlier" Breaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/delete",
        old [("delete: {operationId: deleteToy,", "delete: {operationId: deleteToy, deprecated: true, x-sunset: '2027-01-01',")]
        new [("delete: {operationId: deleteToy,", "delete: {operationId: deleteToy, deprecated: true, x-sunset: '2026-09-01',")] also [];
    sunset_removed: "sunset-removed" Warning at "/paths/~1pets~1{petId}~1toys~1{toyId}/delete",
        old [("delete: {operationId: deleteToy,", "delete: {operationId: deleteToy, deprecated: true, x-sunset: '2027-01-01',")]
        new [("delete: {operationId: deleteToy,", "delete: {operationId: deleteToy, deprecated: true,")] also [];
    property_stability_decreased: "property-stability-decreased" Breaking at "/components/schemas/Pet/properties/nickname",
        old [("        nickname: {type: string}\n", "        nickname: {type: string, x-stability-level: stable}\n")]
        new [("        nickname: {type: string}\n", "        nickname: {type: string, x-stability-level: beta}\n")] also [];
    request_content_encoding_changed: "request-type-changed" Breaking at "/components/schemas/NewPet/properties/tag",
        new [("        tag: {type: string}\n", "        tag: {type: string, contentEncoding: base64}\n")] also [];
    security_scheme_changed: "security-scheme-changed" Breaking at "/components/securitySchemes/key",
        new [("name: X-Key}", "name: X-Api-Key}")] also [];
    envelope_changed: "envelope-changed" Breaking at "/x-envelope",
        new [("security:\n  - key: []\n", "security:\n  - key: []\nx-envelope: {success-field: ok}\n")] also [];

    rust_method_added: "rust-method-added" NonBreaking at "/paths/~1health/get", new [ADD_HEALTH] also ["operation-added"];
    rust_method_removed: "rust-method-removed" Breaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/delete", new [DROP_DELETE] also ["operation-removed"];
    rust_method_renamed: "rust-method-renamed" Breaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/get/operationId",
        new [("operationId: getToy", "operationId: fetchToy")] also [];
    rust_method_arguments_changed: "rust-method-arguments-changed" Breaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/delete",
        new [DELETE_BODY] also ["request-body-added-required", "rust-type-added"];
    rust_path_params_reordered: "rust-path-params-reordered" Breaking at "/paths/~1toys~1{toyId}~1pets~1{petId}/get",
        new [("  /pets/{petId}/toys/{toyId}:", "  /toys/{toyId}/pets/{petId}:")] also ["operation-moved"];
    rust_argument_renamed: "rust-argument-renamed" Info at "/paths/~1pets~1{petId}~1toys~1{toy}/get",
        new [RENAME_TOY_PATH, RENAME_TOY_PARAM] also ["path-param-renamed"];
    rust_method_return_type_changed: "rust-method-return-type-changed" Breaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/get",
        new [TOY_NO_BODY] also ["response-body-removed"];
    rust_method_error_type_changed: "rust-method-error-type-changed" Breaking at "/paths/~1pets/get",
        new [PETS_500] also ["error-status-added", "rust-type-added"];
    rust_method_deprecated: "rust-method-deprecated" Info at "/paths/~1pets~1{petId}~1toys~1{toyId}/delete", new [DEPRECATE] also ["operation-deprecated"];
    rust_security_setter_added: "rust-security-setter-added" NonBreaking at "/components/securitySchemes/other", new [BEARER] also [];
    rust_security_setter_removed: "rust-security-setter-removed" Breaking at "/components/securitySchemes/other", old [BEARER] also [];
    rust_default_base_url_changed: "rust-default-base-url-changed" Info at "/servers/0", new [NEW_SERVER] also ["servers-changed"];
    rust_default_base_url_removed: "rust-default-base-url-removed" Breaking at "/servers",
        new [("servers:\n  - url: https://api.example.com\n", "")] also ["servers-changed"];

    rust_type_added: "rust-type-added" NonBreaking at "/components/schemas/Owner",
        new [("    Legacy: {type: string}\n", "    Legacy: {type: string}\n    Owner: {type: object, properties: {n: {type: string}}}\n")] also [];
    rust_type_removed: "rust-type-removed" Breaking at "/components/schemas/Legacy", new [("    Legacy: {type: string}\n", "")] also [];
    rust_type_renamed: "rust-type-renamed" Breaking at "/paths/~1pets~1{petId}~1toys~1{toyId}/get/responses",
        old [RATE_OPTIONAL] new [RATE_OPTIONAL, ("operationId: getToy", "operationId: fetchToy")] also ["rust-method-renamed"];
    rust_builder_method_added: "rust-builder-method-added" NonBreaking at "/paths/~1pets/get",
        new [("        - {name: tag,", "        - {name: owner, in: query, schema: {type: string}}\n        - {name: tag,")]
        also ["request-param-added-optional"];
    rust_builder_method_removed: "rust-builder-method-removed" Breaking at "/paths/~1pets/get",
        new [("        - {name: tag, in: query, schema: {type: string}}\n", "")] also ["request-param-removed"];
    rust_builder_method_type_changed: "rust-builder-method-type-changed" Breaking at "/paths/~1pets/get",
        new [("{type: integer, format: int32, maximum: 100}", "{type: string}")] also ["request-type-changed"];
    rust_type_kind_changed: "rust-type-kind-changed" Breaking at "/components/schemas/Legacy",
        new [("    Legacy: {type: string}\n", "    Legacy: {type: string, enum: [a]}\n")] also [];
    rust_alias_target_changed: "rust-alias-target-changed" Breaking at "/components/schemas/Legacy",
        new [("    Legacy: {type: string}\n", "    Legacy: {type: integer}\n")] also [];
    rust_field_added_optional: "rust-field-added-optional" NonBreaking at "/components/schemas/Pet/properties/age", new [ADD_AGE] also ["response-property-added"];
    rust_field_added_required: "rust-field-added-required" Breaking at "/components/schemas/NewPet/properties/owner",
        new [OWNER_REQUIRED, OWNER_PROP] also ["request-property-added-required"];
    rust_field_removed: "rust-field-removed" Breaking at "/components/schemas/Pet", new [DROP_NICKNAME] also ["response-optional-property-removed"];
    rust_field_type_changed: "rust-field-type-changed" Breaking at "/components/schemas/Error/properties/code", new [CODE_STRING] also ["response-type-changed"];
    rust_field_became_optional: "rust-field-became-optional" Breaking at "/components/schemas/Pet/properties/name",
        new [PET_NAME_OPTIONAL] also ["response-property-became-optional"];
    rust_field_became_required: "rust-field-became-required" Breaking at "/components/schemas/Pet/properties/nickname",
        new [NICKNAME_REQUIRED] also ["response-property-became-required"];
    rust_variant_added: "rust-variant-added" Breaking at "/components/schemas/Status", new [STATUS_PENDING] also ["response-enum-value-added"];
    rust_variant_removed: "rust-variant-removed" Breaking at "/components/schemas/Status", new [STATUS_NO_SOLD] also ["response-enum-value-removed"];
    rust_variant_payload_changed: "rust-variant-payload-changed" Breaking at "/components/schemas/Amount",
        new [("{oneOf: [{type: integer}, {type: string}]}", "{oneOf: [{type: integer, format: int32}, {type: string}]}")] also [];
}

fn apply(patches: &[(&str, &str)]) -> String {
    let mut s = BASE.to_owned();
    for (from, to) in patches {
        assert_eq!(s.matches(from).count(), 1, "patch `{from}` must match the base spec exactly once");
        s = s.replacen(from, to, 1);
    }
    s
}

fn check(rule: &str) {
    let case = CASES.iter().find(|c| c.rule == rule).expect("a case for the rule");
    let (old, new) = (apply(case.old), apply(case.new));
    let diff = match diff_specs("t.yaml", Input { file: "old.yaml", text: &old }, Input { file: "new.yaml", text: &new }) {
        Ok(d) => d,
        Err(diags) => panic!("{rule}: a side does not validate:\n{}", diags.iter().map(|d| d.to_string()).collect::<String>()),
    };
    let listing: Vec<String> = diff.changes.iter().map(|c| format!("{} @ {}: {}", c.rule, c.pointer, c.message)).collect();
    let hits: Vec<_> = diff.changes.iter().filter(|c| c.rule == rule).collect();
    assert!(!hits.is_empty(), "{rule} did not fire; changes:\n{}", listing.join("\n"));
    for c in &hits {
        assert_eq!(c.verdict, case.verdict, "{rule}: verdict");
        let level = if rule.starts_with("rust-") { Level::Rust } else { Level::Wire };
        assert_eq!(c.level, level, "{rule}: level");
        for side in [&c.old, &c.new].into_iter().flatten() {
            assert!(side.line.is_some(), "{rule}: no line for {}", side.pointer);
        }
    }
    assert!(
        hits.iter().any(|c| c.pointer == case.pointer),
        "{rule}: expected pointer {}; changes:\n{}",
        case.pointer,
        listing.join("\n")
    );
    for c in &diff.changes {
        assert!(c.rule == rule || case.also.contains(&c.rule), "{rule}: unrelated rule {} fired; changes:\n{}", c.rule, listing.join("\n"));
    }
}

#[test]
fn spec_added() {
    let d = whole_spec("specs/b.yaml", Input { file: "specs/b.yaml", text: BASE }, true).expect("valid");
    assert_eq!(d.changes.len(), 1);
    assert_eq!(d.changes[0].rule, "spec-added");
    assert_eq!(d.changes[0].verdict, Verdict::NonBreaking);
    assert_eq!(d.changes[0].pointer, "");
}

#[test]
fn spec_removed() {
    let d = whole_spec("specs/b.yaml", Input { file: "REV:specs/b.yaml", text: BASE }, false).expect("valid");
    assert_eq!(d.changes.len(), 1);
    assert_eq!(d.changes[0].rule, "spec-removed");
    assert_eq!(d.changes[0].verdict, Verdict::Breaking);
    assert!(d.is_breaking());
}

#[test]
fn every_rule_has_a_case_and_cases_name_real_rules() {
    let special = ["spec-added", "spec-removed"];
    for r in RULES {
        assert!(special.contains(&r.id) || CASES.iter().any(|c| c.rule == r.id), "rule {} has no test case", r.id);
    }
    for c in CASES {
        let rule = RULES.iter().find(|r| r.id == c.rule).unwrap_or_else(|| panic!("case for unknown rule {}", c.rule));
        assert_eq!(rule.verdict, c.verdict, "{}: the catalogue and the case disagree on the verdict", c.rule);
        for a in c.also {
            assert!(RULES.iter().any(|r| r.id == *a), "{}: `also` names unknown rule {a}", c.rule);
        }
    }
    assert!(RULES.len() >= 40);
}

#[test]
fn identical_specs_have_no_changes() {
    let d = diff_specs("t", Input { file: "a", text: BASE }, Input { file: "b", text: BASE }).expect("valid");
    assert!(d.changes.is_empty(), "{:#?}", d.changes);
    assert_eq!(d.verdict, None);
}

#[test]
fn a_component_renamed_with_its_refs_is_a_type_rename() {
    let new = BASE.replace("    Ball: {type: object", "    Sphere: {type: object").replace("schemas/Ball'", "schemas/Sphere'");
    let d = diff_specs("t", Input { file: "a", text: BASE }, Input { file: "b", text: &new }).expect("valid");
    let renamed: Vec<_> = d.changes.iter().filter(|c| c.rule == "rust-type-renamed").collect();
    assert_eq!(renamed.len(), 1, "{:#?}", d.changes);
    assert!(renamed[0].message.contains("`Ball`") && renamed[0].message.contains("`Sphere`"));
    // Fields typed with the renamed type are not reported again.
    assert!(!d.changes.iter().any(|c| c.rule == "rust-field-type-changed" || c.rule == "rust-type-removed"), "{:#?}", d.changes);
}

#[test]
fn shared_schema_changes_list_every_operation() {
    let new = BASE.replace("        nickname: {type: string}\n", "");
    let d = diff_specs("t", Input { file: "a", text: BASE }, Input { file: "b", text: &new }).expect("valid");
    let c = d.changes.iter().find(|c| c.rule == "response-optional-property-removed").expect("fires");
    assert_eq!(c.operations, vec!["GET /pets".to_owned(), "POST /pets".to_owned()]);
}

#[test]
fn summary_counts_generated_items() {
    let new = apply(&[ADD_HEALTH, ADD_AGE, STATUS_NO_SOLD]);
    let d = diff_specs("t", Input { file: "a", text: BASE }, Input { file: "b", text: &new }).expect("valid");
    assert_eq!(d.summary.methods.added, 1);
    assert_eq!(d.summary.fields.added, 1);
    assert_eq!(d.summary.variants.removed, 1);
    assert_eq!(d.summary.types.added + d.summary.types.removed + d.summary.types.changed, 0);
}

/// The rules (with verdicts) that fire between two patched versions of the base spec.
fn fired(old: &[(&str, &str)], new: &[(&str, &str)]) -> Vec<(&'static str, Verdict)> {
    let (a, b) = (apply(old), apply(new));
    let d = diff_specs("t", Input { file: "a", text: &a }, Input { file: "b", text: &b }).expect("valid");
    d.changes.iter().filter(|c| c.level == Level::Wire).map(|c| (c.rule, c.verdict)).collect()
}

#[test]
fn a_pattern_rewritten_to_match_everything_is_relaxed_not_tightened() {
    let to_any = ("name: {type: string, maxLength: 50}", "name: {type: string, maxLength: 50, pattern: '.*'}");
    assert_eq!(fired(&[NAME_PATTERN_A], &[to_any]), vec![("request-constraint-relaxed", Verdict::NonBreaking)]);
    assert_eq!(fired(&[to_any], &[NAME_PATTERN_A]), vec![("request-constraint-tightened", Verdict::Breaking)]);
    // `^$` admits only the empty string: going there is no relaxation.
    let empty_only = ("name: {type: string, maxLength: 50}", "name: {type: string, maxLength: 50, pattern: '^$'}");
    assert_eq!(fired(&[NAME_PATTERN_A], &[empty_only]), vec![("request-pattern-changed", Verdict::Warning)]);
}

#[test]
fn a_required_read_only_property_breaks_no_request() {
    let created = ("        tag: {type: string}\n", "        tag: {type: string}\n        created: {type: string, readOnly: true}\n");
    let required = ("required: [name]\n", "required: [name, created]\n");
    assert_eq!(fired(&[], &[created, required]), vec![]);
    // The same property without readOnly is a new required input.
    let plain = ("        tag: {type: string}\n", "        tag: {type: string}\n        created: {type: string}\n");
    assert_eq!(fired(&[], &[plain, required]), vec![("request-property-added-required", Verdict::Breaking)]);
}

#[test]
fn a_write_only_property_removed_breaks_no_response() {
    let secret = ("        nickname: {type: string}\n", "        nickname: {type: string}\n        password: {type: string, writeOnly: true}\n");
    let required = ("required: [id, name]", "required: [id, name, password]");
    assert_eq!(fired(&[secret, required], &[]), vec![]);
}

#[test]
fn an_enum_emptied_admits_nothing() {
    let empty = ("enum: [small, large]", "enum: []");
    let rules = fired(&[], &[empty]);
    assert!(rules.contains(&("request-enum-value-removed", Verdict::Breaking)), "{rules:?}");
}

#[test]
fn three_one_keywords_are_compared() {
    // multipleOf: 5 → 10 admits fewer values; uniqueItems and additionalProperties: false tighten.
    let weight = |m: &str| -> (&'static str, String) { ("weight: {type: integer, format: int32}", format!("weight: {{type: integer, format: int32, multipleOf: {m}}}")) };
    let (w5, w10) = (weight("5"), weight("10"));
    let d = |o: &[(&str, &str)], n: &[(&str, &str)]| fired(o, n);
    assert_eq!(d(&[(w5.0, &w5.1)], &[(w10.0, &w10.1)]), vec![("request-constraint-tightened", Verdict::Breaking)]);
    assert_eq!(d(&[(w10.0, &w10.1)], &[(w5.0, &w5.1)]), vec![("request-constraint-relaxed", Verdict::NonBreaking)]);
    let closed = ("      required: [name]\n", "      required: [name]\n      additionalProperties: false\n");
    assert_eq!(d(&[], &[closed]), vec![("request-constraint-tightened", Verdict::Breaking)]);
    // A map's value type is compared like any other schema.
    let map = |t: &str| -> (&'static str, String) { ("    Legacy: {type: string}\n", format!("    Legacy: {{type: string}}\n    Labels: {{type: object, additionalProperties: {{type: {t}}}}}\n    Tagged: {{type: object, properties: {{labels: {{$ref: '#/components/schemas/Labels'}}}}}}\n")) };
    let (ms, mi) = (map("string"), map("integer"));
    let uses = ("              schema: {$ref: '#/components/schemas/Pet'}\n", "              schema: {$ref: '#/components/schemas/Tagged'}\n");
    assert_eq!(d(&[(ms.0, &ms.1), uses], &[(mi.0, &mi.1), uses]), vec![("response-type-changed", Verdict::Breaking)]);
}

/// A path parameter its template lacks is read with a warning and still compared: raising its
/// minimum, changing its type and removing a value of its extensible enum are each breaking.
#[test]
fn a_stray_path_parameter_is_compared_under_its_warning() {
    let spec = |schema: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /groups:\n    post:\n      operationId: createGroup\n      parameters:\n        - {{in: path, name: groupId, required: true, schema: {schema}}}\n      responses: {{'200': {{description: ok}}}}\n"
        )
    };
    let cases = [
        ("{type: integer, minimum: 1}", "{type: integer, minimum: 10}", "request-constraint-tightened"),
        ("{type: string}", "{type: integer, enum: [1, 2]}", "request-type-changed"),
        ("{type: string, x-extensible-enum: ['1', '2']}", "{type: string, x-extensible-enum: ['1']}", "request-enum-value-removed"),
    ];
    for (old, new, rule) in cases {
        let (old, new) = (spec(old), spec(new));
        let d = diff_specs("t", Input { file: "a", text: &old }, Input { file: "b", text: &new }).expect("readable with warnings");
        let hit = d.changes.iter().find(|c| c.rule == rule).unwrap_or_else(|| panic!("{rule} did not fire for {old} → {new}: {:#?}", d.changes));
        assert_eq!(hit.verdict, Verdict::Breaking, "{rule}");
        assert_eq!(hit.pointer, "/paths/~1groups/post/parameters/0/schema", "{rule}");
        assert!(d.is_breaking(), "{rule}");
    }
}
