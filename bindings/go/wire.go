package fwpk

// The runtime of the generated codecs (types_gen.go): the byte format of
// bindings/gen/WIRE.md, little-endian, no alignment.

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// wireValue is every generated value type.
type wireValue interface {
	MarshalBinary() ([]byte, error)
	UnmarshalBinary([]byte) error
	String() string
}

// ErrMalformed is returned by UnmarshalBinary and the page reader for bytes
// that are not a valid encoding (truncated, trailing bytes, bad page header).
var ErrMalformed = errors.New("fwpk: malformed wire encoding")

type encoder struct{ b []byte }

func (e *encoder) u8(v uint8)   { e.b = append(e.b, v) }
func (e *encoder) u16(v uint16) { e.b = binary.LittleEndian.AppendUint16(e.b, v) }
func (e *encoder) u32(v uint32) { e.b = binary.LittleEndian.AppendUint32(e.b, v) }
func (e *encoder) u64(v uint64) { e.b = binary.LittleEndian.AppendUint64(e.b, v) }
func (e *encoder) raw(b []byte) { e.b = append(e.b, b...) }

// blob is FWP_BYTE_BLOB: size, then the data (nil = NULL).
func (e *encoder) blob(b []byte) {
	e.u32(uint32(len(b)))
	if b == nil {
		e.u8(0)
		return
	}
	e.u8(1)
	e.raw(b)
}

func (e *encoder) wstr(s *string) {
	if s == nil {
		e.u32(0xFFFFFFFF)
		return
	}
	e.u32(uint32(len(*s)))
	e.b = append(e.b, *s...)
}

// decoder reads b from p; the first short read sets err and every later read
// returns zero, so generated code checks once, at the end.
type decoder struct {
	b   []byte
	p   int
	err error
}

func (d *decoder) take(n int) []byte {
	if d.err != nil || n < 0 || n > len(d.b)-d.p {
		d.err = ErrMalformed
		return nil
	}
	s := d.b[d.p : d.p+n : d.p+n]
	d.p += n
	return s
}

func (d *decoder) u8() uint8 {
	if s := d.take(1); s != nil {
		return s[0]
	}
	return 0
}

func (d *decoder) u16() uint16 {
	if s := d.take(2); s != nil {
		return binary.LittleEndian.Uint16(s)
	}
	return 0
}

func (d *decoder) u32() uint32 {
	if s := d.take(4); s != nil {
		return binary.LittleEndian.Uint32(s)
	}
	return 0
}

func (d *decoder) u64() uint64 {
	if s := d.take(8); s != nil {
		return binary.LittleEndian.Uint64(s)
	}
	return 0
}

func (d *decoder) raw(dst []byte) { copy(dst, d.take(len(dst))) }

func (d *decoder) present() bool { return d.u8() != 0 }

// bytes copies n bytes (the caller may keep them; the page is reused).
func (d *decoder) bytes(n int) []byte {
	s := d.take(n)
	if s == nil {
		return nil
	}
	return append(make([]byte, 0, n), s...)
}

// fits checks that n elements of at least min bytes each can follow, before
// the caller allocates them (a lying count must not allocate gigabytes).
func (d *decoder) fits(n, min int) bool {
	if d.err != nil || n < 0 || n > (len(d.b)-d.p)/min {
		d.err = ErrMalformed
		return false
	}
	return true
}

func (d *decoder) blob() []byte {
	n := d.u32()
	if !d.present() {
		return nil
	}
	return d.bytes(int(n))
}

func (d *decoder) wstr() *string {
	n := d.u32()
	if n == 0xFFFFFFFF {
		return nil
	}
	s := d.take(int(n))
	if s == nil {
		return nil
	}
	r := string(s)
	if !utf8.ValidString(r) {
		r = strings.ToValidUTF8(r, "\uFFFD")
	}
	return &r
}

func (d *decoder) finish(what string) error {
	if d.err == nil && d.p != len(d.b) {
		d.err = ErrMalformed
	}
	if d.err != nil {
		return fmt.Errorf("%w: %s", d.err, what)
	}
	return nil
}

// ---- pages ---------------------------------------------------------------------

const (
	pageMagic   = 0x47505746
	pageVersion = 2
	pageHeader  = 20
)

// pageRecords checks a page's header (magic, version, type id, length) and
// calls f with each record body (nil = a NULL entry), in order.
func pageRecords(page []byte, typeID uint32, minLen int, f func(rec []byte)) (int, error) {
	if len(page) < pageHeader || binary.LittleEndian.Uint32(page) != pageMagic ||
		binary.LittleEndian.Uint16(page[4:]) != pageVersion ||
		binary.LittleEndian.Uint32(page[16:]) != uint32(len(page)) {
		return 0, fmt.Errorf("%w: not a version-%d page", ErrMalformed, pageVersion)
	}
	if id := binary.LittleEndian.Uint32(page[8:]); id != typeID {
		return 0, fmt.Errorf("%w: page of type 0x%08x, want 0x%08x", ErrMalformed, id, typeID)
	}
	count := int(binary.LittleEndian.Uint32(page[12:]))
	p := pageHeader
	for i := 0; i < count; i++ {
		if len(page)-p < 4 {
			return i, fmt.Errorf("%w: page truncated", ErrMalformed)
		}
		n := int(binary.LittleEndian.Uint32(page[p:]))
		p += 4
		if n > len(page)-p || (n != 0 && n < minLen) {
			return i, fmt.Errorf("%w: record %d truncated", ErrMalformed, i)
		}
		if n == 0 {
			f(nil)
		} else {
			f(page[p : p+n : p+n])
		}
		p += n
	}
	if p != len(page) {
		return count, fmt.Errorf("%w: bytes after the last record", ErrMalformed)
	}
	return count, nil
}

// ---- GUID ------------------------------------------------------------------------

// GUID is a GUID in its memory layout (Data1, Data2, Data3 little-endian,
// then Data4): comparable, usable as a map key.
type GUID [16]byte

// String is the registry form without braces, lower case.
func (g GUID) String() string {
	var b [36]byte
	hex.Encode(b[0:8], []byte{g[3], g[2], g[1], g[0]})
	b[8] = '-'
	hex.Encode(b[9:13], []byte{g[5], g[4]})
	b[13] = '-'
	hex.Encode(b[14:18], []byte{g[7], g[6]})
	b[18] = '-'
	hex.Encode(b[19:23], g[8:10])
	b[23] = '-'
	hex.Encode(b[24:], g[10:])
	return string(b[:])
}

// IsZero reports whether every byte is zero.
func (g GUID) IsZero() bool { return g == GUID{} }

// ParseGUID reads "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (braces allowed).
func ParseGUID(s string) (GUID, error) {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
	var g GUID
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return g, fmt.Errorf("fwpk: bad GUID %q", s)
	}
	h, err := hex.DecodeString(s[0:8] + s[9:13] + s[14:18] + s[19:23] + s[24:])
	if err != nil {
		return g, fmt.Errorf("fwpk: bad GUID %q", s)
	}
	copy(g[:], []byte{h[3], h[2], h[1], h[0], h[5], h[4], h[7], h[6]})
	copy(g[8:], h[8:])
	return g, nil
}

// MustParseGUID is ParseGUID that panics on a bad string (for constants).
func MustParseGUID(s string) GUID {
	g, err := ParseGUID(s)
	if err != nil {
		panic(err)
	}
	return g
}

// ---- text and equality helpers of the generated code ------------------------------

type textWriter struct {
	name string
	b    strings.Builder
	n    int
}

func (w *textWriter) add(field, value string) {
	if w.n == 0 {
		w.b.WriteString(w.name)
		w.b.WriteByte('{')
	} else {
		w.b.WriteString(", ")
	}
	w.n++
	w.b.WriteString(field)
	w.b.WriteString(": ")
	w.b.WriteString(value)
}

func (w *textWriter) done() string {
	if w.n == 0 {
		return w.name + "{}"
	}
	w.b.WriteByte('}')
	return w.b.String()
}

func bytesText(b []byte) string {
	if b == nil {
		return "nil"
	}
	return "0x" + hex.EncodeToString(b)
}

func strText(s *string) string {
	if s == nil {
		return "nil"
	}
	return strconv.Quote(*s)
}

func ptrText(isNil bool, f func() string) string {
	if isNil {
		return "nil"
	}
	return f()
}

func listText(n int, f func(int) string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = f(i)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func sliceText(isNil bool, n int, f func(int) string) string {
	if isNil {
		return "nil"
	}
	return listText(n, f)
}

func enumText(name string, v uint32) string {
	if name != "" {
		return name
	}
	return strconv.FormatUint(uint64(v), 10)
}

// bytesEqual: same content, and both NULL or both not (the wire keeps the difference).
func bytesEqual(a, b []byte) bool { return (a == nil) == (b == nil) && bytes.Equal(a, b) }

func strPtrEqual(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// Str returns a pointer to s, for the *string (wchar_t *) members.
func Str(s string) *string { return &s }

// ---- what the generated methods share ---------------------------------------------

// wstrBytes is a wchar_t * input: UTF-8, nil = NULL.
func wstrBytes(s *string) []byte {
	if s == nil {
		return nil
	}
	return append(make([]byte, 0, len(*s)), *s...)
}

// readBlock decodes the one record of a returned block's page (nil for a NULL block).
func readBlock[T any, PT interface {
	*T
	UnmarshalBinary([]byte) error
}](page []byte, typeID uint32, op string) (*T, error) {
	var out *T
	var err error
	_, perr := pageRecords(page, typeID, 0, func(rec []byte) {
		if rec != nil && err == nil && out == nil {
			out = new(T)
			err = PT(out).UnmarshalBinary(rec)
		}
	})
	if perr != nil {
		err = perr
	}
	if err != nil {
		return nil, fmt.Errorf("fwpk: %s: %w", op, err)
	}
	return out, nil
}

// readPage gives a view of each record of an enumeration page (an
// enumeration has no NULL entries: one is a malformed page).
func readPage[V any](page []byte, typeID uint32, minLen int, view func([]byte) V, op string) ([]V, error) {
	var out []V
	if len(page) >= pageHeader {
		// the count is checked against the bytes by pageRecords; a record takes 4 bytes at least
		out = make([]V, 0, min(int(binary.LittleEndian.Uint32(page[12:])), len(page)/4))
	}
	null := false
	_, err := pageRecords(page, typeID, minLen, func(rec []byte) {
		null = null || rec == nil
		out = append(out, view(rec))
	})
	if err == nil && null {
		err = fmt.Errorf("%w: NULL entry in an enumeration page", ErrMalformed)
	}
	if err != nil {
		return nil, fmt.Errorf("fwpk: %s: %w", op, err)
	}
	return out, nil
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

// AppendPage appends a page (WIRE.md "Pages") of records of the C structure
// typeName (each a wire encoding; nil = a NULL entry) to dst.
func AppendPage(dst []byte, typeName string, records ...[]byte) []byte {
	id := uint32(0x811c9dc5) // FNV-1a of the typedef name: the page's type id
	for i := 0; i < len(typeName); i++ {
		id = (id ^ uint32(typeName[i])) * 0x01000193
	}
	start := len(dst)
	dst = binary.LittleEndian.AppendUint32(dst, pageMagic)
	dst = binary.LittleEndian.AppendUint16(dst, pageVersion)
	dst = binary.LittleEndian.AppendUint16(dst, 0)
	dst = binary.LittleEndian.AppendUint32(dst, id)
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(records)))
	dst = binary.LittleEndian.AppendUint32(dst, 0)
	for _, r := range records {
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(r)))
		dst = append(dst, r...)
	}
	binary.LittleEndian.PutUint32(dst[start+16:], uint32(len(dst)-start))
	return dst
}
