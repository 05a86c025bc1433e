package token

import (
	"encoding/binary"
)

// The wire helpers below write and read the little-endian primitives both formats share:
// u16, u32, str (u16 length + bytes) and map32 (u16 count + sorted u16/u32 pairs).

func appendUint16(b []byte, v uint16) []byte { return binary.LittleEndian.AppendUint16(b, v) }
func appendUint32(b []byte, v uint32) []byte { return binary.LittleEndian.AppendUint32(b, v) }

func appendString(b []byte, s string) []byte {
	b = appendUint16(b, uint16(len(s)))
	return append(b, s...)
}

func appendBytes(b []byte, s []byte) []byte {
	b = appendUint16(b, uint16(len(s)))
	return append(b, s...)
}

func appendPrivileges(b []byte, ps []Privilege) []byte {
	b = appendUint16(b, uint16(len(ps)))
	for _, p := range ps {
		b = appendUint16(b, p.ID)
		b = appendUint32(b, p.Value)
	}
	return b
}

// reader walks a byte slice and never reads past its end. The first failure sticks: later
// reads return zero values, and err says which field ran out and at which byte.
type reader struct {
	buf []byte
	off int
	err error
}

func (r *reader) fail(field string, need int) {
	if r.err == nil {
		r.err = parseError(ReasonTruncated, r.off, "", "%s needs %d bytes at byte %d but only %d remain",
			field, need, r.off, len(r.buf)-r.off)
	}
}

func (r *reader) take(field string, n int) []byte {
	if r.err != nil {
		return nil
	}
	if n > len(r.buf)-r.off {
		r.fail(field, n)
		return nil
	}
	s := r.buf[r.off : r.off+n : r.off+n]
	r.off += n
	return s
}

func (r *reader) uint16(field string) uint16 {
	if s := r.take(field, 2); s != nil {
		return binary.LittleEndian.Uint16(s)
	}
	return 0
}

func (r *reader) uint32(field string) uint32 {
	if s := r.take(field, 4); s != nil {
		return binary.LittleEndian.Uint32(s)
	}
	return 0
}

func (r *reader) bytes(field string) []byte {
	n := r.uint16(field + " length")
	return r.take(field, int(n))
}

func (r *reader) string(field string) string {
	return string(r.bytes(field))
}

func (r *reader) privileges(field string) []Privilege {
	n := int(r.uint16(field + " count"))
	if r.err != nil {
		return nil
	}
	// Each pair is 6 bytes: refuse a count the remaining bytes cannot hold before allocating.
	if n*6 > len(r.buf)-r.off {
		r.fail(field, n*6)
		return nil
	}
	ps := make([]Privilege, n)
	for i := range ps {
		ps[i].ID = r.uint16(field + " key")
		ps[i].Value = r.uint32(field + " value")
	}
	return ps
}
