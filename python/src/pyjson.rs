//! JSON text to Python objects, in one pass with no intermediate tree.
//!
//! Owns the conversion of a CLI JSONL line (the bytes of
//! `qawl::output::write_doc`) to `dict`/`list`/`str`/`int`/`float`/`None`:
//! a serde visitor that builds each Python object as the parser reaches it,
//! with object keys made once per call ([`Keys`]) since every attribution
//! repeats the same few.

use std::collections::HashMap;
use std::fmt;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Object keys as Python strings, made once per call.
#[derive(Default)]
pub struct Keys<'py>(HashMap<String, Bound<'py, PyString>>);

impl<'py> Keys<'py> {
    fn get(&mut self, py: Python<'py>, k: &str) -> Bound<'py, PyString> {
        if let Some(s) = self.0.get(k) {
            return s.clone();
        }
        let s = PyString::intern(py, k);
        self.0.insert(k.to_string(), s.clone());
        s
    }
}

/// The Python object for the JSON text `json`.
pub fn to_py<'py>(py: Python<'py>, json: &str, keys: &mut Keys<'py>) -> PyResult<Bound<'py, PyAny>> {
    let mut de = serde_json::Deserializer::from_str(json);
    let v = Seed { py, keys }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|_| v))
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("qawl: internal JSON error: {e}")))?;
    Ok(v)
}

/// Builds the Python object of one JSON value.
struct Seed<'k, 'py> {
    py: Python<'py>,
    keys: &'k mut Keys<'py>,
}

fn py_err<E: de::Error>(e: PyErr) -> E {
    E::custom(e.to_string())
}

impl<'de, 'py> DeserializeSeed<'de> for Seed<'_, 'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 'py> Visitor<'de> for Seed<'_, 'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.py.None().into_bound(self.py))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(pyo3::types::PyBool::new(self.py, v).to_owned().into_any())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        let Ok(o) = v.into_pyobject(self.py);
        Ok(o.into_any())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        let Ok(o) = v.into_pyobject(self.py);
        Ok(o.into_any())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        let Ok(o) = v.into_pyobject(self.py);
        Ok(o.into_any())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(PyString::new(self.py, v).into_any())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let list = PyList::empty(self.py);
        while let Some(v) = seq.next_element_seed(Seed { py: self.py, keys: &mut *self.keys })? {
            list.append(v).map_err(py_err)?;
        }
        Ok(list.into_any())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let d = PyDict::new(self.py);
        while let Some(k) = map.next_key_seed(Key { py: self.py, keys: &mut *self.keys })? {
            let v = map.next_value_seed(Seed { py: self.py, keys: &mut *self.keys })?;
            d.set_item(k, v).map_err(py_err)?;
        }
        Ok(d.into_any())
    }
}

/// An object key, through [`Keys`].
struct Key<'k, 'py> {
    py: Python<'py>,
    keys: &'k mut Keys<'py>,
}

impl<'de, 'py> DeserializeSeed<'de> for Key<'_, 'py> {
    type Value = Bound<'py, PyString>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, 'py> Visitor<'de> for Key<'_, 'py> {
    type Value = Bound<'py, PyString>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.keys.get(self.py, v))
    }
}
