package survey

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestParseErrorLongValue checks that a message quotes at most the first
// maxQuoted bytes of a huge value (cut at a character boundary) and says
// how much it left out, while Value keeps it whole.
func TestParseErrorLongValue(t *testing.T) {
	v := strings.Repeat("é", 100) // 200 bytes
	e := &ParseError{File: "a.csv", Line: 2, Column: 3, Field: "x", Value: v, Err: errors.New("not a number"), Expected: "a number"}
	msg := e.Error()
	assert.Equal(t, `a.csv:2:3: field "x": "`+strings.Repeat("é", 40)+`"... (120 more bytes): not a number; want a number`, msg)
	assert.Equal(t, v, e.Value)
	short := &ParseError{Field: "x", Value: "abc", Err: errors.New("bad")}
	assert.Equal(t, `field "x": "abc": bad`, short.Error())
}
