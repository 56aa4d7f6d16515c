package driver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
)

// NaN-safe JSON for Result, whose regression results (OLSResult,
// LogisticResult) hold NaN for undefined values and errors as warnings,
// which encoding/json cannot write. Floats that are NaN or ±Inf are
// written as null and read back as NaN (never a silent 0); errors are
// written as their messages and read back as errors.New values. Types
// with their own MarshalJSON/UnmarshalJSON use them.

var (
	marshalerType   = reflect.TypeFor[json.Marshaler]()
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	errorType       = reflect.TypeFor[error]()
)

// jsonName returns the JSON name of a struct field, or "" to skip it.
func jsonName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	name := f.Name
	if tag, ok := f.Tag.Lookup("json"); ok {
		n, _, _ := strings.Cut(tag, ",")
		if n == "-" {
			return ""
		}
		if n != "" {
			name = n
		}
	}
	return name
}

// encodeStruct writes the fields of the struct v.
func encodeStruct(b *bytes.Buffer, v reflect.Value) error {
	b.WriteByte('{')
	first := true
	for i := range v.NumField() {
		name := jsonName(v.Type().Field(i))
		if name == "" {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		k, _ := json.Marshal(name)
		b.Write(k)
		b.WriteByte(':')
		if err := encodeSafe(b, v.Field(i)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	b.WriteByte('}')
	return nil
}

func encodeSafe(b *bytes.Buffer, v reflect.Value) error {
	t := v.Type()
	if t == errorType {
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		s, _ := json.Marshal(v.Interface().(error).Error())
		b.Write(s)
		return nil
	}
	if t.Implements(marshalerType) && !(t.Kind() == reflect.Pointer && v.IsNil()) {
		s, err := json.Marshal(v.Interface())
		if err != nil {
			return err
		}
		b.Write(s)
		return nil
	}
	switch t.Kind() {
	case reflect.Float64, reflect.Float32:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			b.WriteString("null")
			return nil
		}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		return encodeSafe(b, v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		fallthrough
	case reflect.Array:
		b.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := encodeSafe(b, v.Index(i)); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	case reflect.Struct:
		return encodeStruct(b, v)
	}
	s, err := json.Marshal(v.Interface())
	if err != nil {
		return err
	}
	b.Write(s)
	return nil
}

// decodeStruct reads the fields of the struct v (addressable) from data.
func decodeStruct(data []byte, v reflect.Value) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return err
	}
	if obj == nil {
		return nil
	}
	for i := range v.NumField() {
		name := jsonName(v.Type().Field(i))
		raw, ok := obj[name]
		if name == "" || !ok {
			continue
		}
		if err := decodeSafe(raw, v.Field(i)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

func decodeSafe(data []byte, v reflect.Value) error {
	null := bytes.Equal(bytes.TrimSpace(data), []byte("null"))
	t := v.Type()
	if t == errorType {
		if null {
			v.SetZero()
			return nil
		}
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		v.Set(reflect.ValueOf(errors.New(s)))
		return nil
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) && t.Kind() != reflect.Pointer {
		return json.Unmarshal(data, v.Addr().Interface())
	}
	switch t.Kind() {
	case reflect.Float64, reflect.Float32:
		if null {
			v.SetFloat(math.NaN())
			return nil
		}
	case reflect.Pointer:
		if null {
			v.SetZero()
			return nil
		}
		p := reflect.New(t.Elem())
		if err := decodeSafe(data, p.Elem()); err != nil {
			return err
		}
		v.Set(p)
		return nil
	case reflect.Slice:
		if null {
			v.SetZero()
			return nil
		}
		var items []json.RawMessage
		if err := json.Unmarshal(data, &items); err != nil {
			return err
		}
		s := reflect.MakeSlice(t, len(items), len(items))
		for i, it := range items {
			if err := decodeSafe(it, s.Index(i)); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	case reflect.Struct:
		return decodeStruct(data, v)
	}
	return json.Unmarshal(data, v.Addr().Interface())
}

// marshalSafe encodes the struct v field by field (so that v's own
// MarshalJSON may call it).
func marshalSafe(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := encodeStruct(&b, reflect.ValueOf(v)); err != nil {
		return nil, fmt.Errorf("driver: encoding %T: %w", v, err)
	}
	return b.Bytes(), nil
}

// unmarshalSafe decodes into the struct pointed to by v field by field.
func unmarshalSafe(b []byte, v any) error {
	return decodeStruct(b, reflect.ValueOf(v).Elem())
}

// MarshalJSON encodes r with the names in the tags, NaN written as null
// and warnings as their messages. The regression results are included
// under "regression" (linear models) and "logistic" (logistic models) with
// the names in the tags of OLSResult and LogisticResult (snake_case, e.g.
// "std_coef", "adj_r2", "df_residual").
func (r Result) MarshalJSON() ([]byte, error) { return marshalSafe(r) }

// UnmarshalJSON decodes a Result written by MarshalJSON, reading null as
// NaN (and warnings as errors.New values: their identity as sentinels is
// lost).
func (r *Result) UnmarshalJSON(b []byte) error { return unmarshalSafe(b, r) }

// MarshalJSON encodes r with the names in its tags, NaN written as null
// (an intercept's figures in a model without one) and warnings as their
// messages.
func (r OLSResult) MarshalJSON() ([]byte, error) { return marshalSafe(r) }

// UnmarshalJSON decodes an OLSResult written by MarshalJSON, reading null
// as NaN.
func (r *OLSResult) UnmarshalJSON(b []byte) error { return unmarshalSafe(b, r) }

// MarshalJSON encodes r with the names in its tags, NaN written as null
// and warnings as their messages.
func (r LogisticResult) MarshalJSON() ([]byte, error) { return marshalSafe(r) }

// UnmarshalJSON decodes a LogisticResult written by MarshalJSON, reading
// null as NaN.
func (r *LogisticResult) UnmarshalJSON(b []byte) error { return unmarshalSafe(b, r) }
