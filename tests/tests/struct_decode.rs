//! Generated structs decode with a written-out `Deserialize` (one `match` on the key instead of
//! serde's derive, for compile time). It must read as the derive did: required fields are
//! required, optional and nullable ones `None` when absent or `null`, unknown keys ignored,
//! renamed keys read by their wire name, and errors name the path and the expected struct.

use generated::runtime::decode_json;
use generated::tada::types::{Device, Envelope, Me};
use serde_json::{json, Value};

fn device(allowed: Value) -> Value {
    json!({
        "allowed_notifications": allowed, "data_pushes": false, "device_id": "d1",
        "notification_token": "", "type": "web", "voip_notification_token": "", "future_key": [1, 2]
    })
}

fn me(devices: Vec<Value>) -> Value {
    json!({
        "alt_send": false, "default_lang": null, "devices": devices, "phone": "+7",
        "teams": [], "unread_first": true, "added_later": {"x": 1}
    })
}

fn decode<T: serde::de::DeserializeOwned>(v: &Value) -> Result<T, String> {
    decode_json(&serde_json::to_vec(v).expect("json"))
}

#[test]
fn a_valid_object_decodes_with_optional_and_nullable_fields_empty_and_unknown_keys_ignored() {
    let me: Me = decode(&me(vec![device(json!(true))])).expect("decodes");
    assert_eq!((me.phone.as_str(), me.default_lang, me.email), ("+7", None, None));
    assert_eq!(me.devices.len(), 1);
    assert_eq!((me.devices[0].device_id.as_str(), me.devices[0].name.as_deref()), ("d1", None));
}

#[test]
fn a_missing_required_field_is_named() {
    let mut v = me(Vec::new());
    v.as_object_mut().expect("object").remove("phone");
    let err = decode::<Me>(&v).expect_err("no phone");
    assert!(err.starts_with("missing field `phone` at line 1 column "), "{err}");
}

#[test]
fn a_wrong_value_deep_inside_names_its_path() {
    let err = decode::<Me>(&me(vec![device(json!(true)), device(json!("yes"))])).expect_err("a string flag");
    assert!(err.starts_with("devices[1].allowed_notifications: invalid type: string \"yes\", expected a boolean"), "{err}");
}

#[test]
fn a_value_of_another_kind_names_the_struct() {
    let err = decode::<Device>(&json!([1, 2])).expect_err("an array");
    assert!(err.starts_with("invalid type: sequence, expected struct Device"), "{err}");
}

#[test]
fn a_renamed_field_is_read_and_written_by_its_wire_name() {
    let e: Envelope = decode(&json!({"_time": "2.2 ms", "ok": true})).expect("decodes");
    assert_eq!((e.time.as_str(), e.ok), ("2.2 ms", true));
    assert_eq!(serde_json::to_value(&e).expect("encodes"), json!({"_time": "2.2 ms", "ok": true}));
}
