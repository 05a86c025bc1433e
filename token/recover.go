package token

import (
	"hash/crc32"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"sync"
)

// A 006 token keeps only crc32.ChecksumIEEE of the uid's decimal string, so recovering the uid
// means inverting a CRC over at most 4.3 billion strings. Brute force is far too slow, but CRC32
// is affine over GF(2): for messages of one fixed length, the checksum of A XOR B XOR C is the
// XOR of their checksums. Writing an L-digit uid as prefix P (p digits) then suffix S (s digits),
//
//	crc(P||S) = crc(P||0^s) XOR crc(S) XOR crc(0^s)
//
// where 0^s is s zero bytes. The suffix term depends only on S and the prefix term only on P, so
// a meet in the middle finds every uid: index crc(S) XOR crc(0^s) for every suffix, then for
// each prefix look up crc XOR crc(P||0^s). Both sides are independent of the crc queried, so
// they are built once and a query is only the prefix scan.

// uidSuffixDigits caps the suffix length: 10^5 suffixes keep the largest index near 1.3 MB,
// while leaving at most 32,950 prefixes to scan for the 10-digit uids, the biggest share of a
// query.
const uidSuffixDigits = 5

// uidSuffixIndex maps crc(S) XOR crc(0^s) to the s-digit suffixes S (leading zeros allowed) that
// produce it. It is a bucketed hash table laid out by counting sort rather than a Go map: the
// keys are already uniformly spread CRCs, so their top bits make a perfect bucket number, and
// flat slices cost a fraction of a map's memory and lookup time.
type uidSuffixIndex struct {
	shift uint     // 32 minus log2 of the bucket count, so key>>shift is the bucket
	start []uint32 // bucket b holds entries start[b] to start[b+1]-1
	keys  []uint32
	vals  []uint32 // the suffixes, ascending within each bucket
}

// uidLengthPlan is the prefix side of the meet in the middle for uids of one length.
type uidLengthPlan struct {
	suffixDigits int
	suffixScale  uint64   // 10^suffixDigits, to rebuild the uid from prefix and suffix
	firstPrefix  uint32   // contrib[i] belongs to prefix firstPrefix+i
	contrib      []uint32 // crc(P||0^s) for every prefix P
}

// uidRecoveryTables holds everything a query needs; it never changes once built.
type uidRecoveryTables struct {
	suffixes [uidSuffixDigits + 1]uidSuffixIndex
	lengths  [10]uidLengthPlan // lengths[i] covers uids of i+1 digits
}

// uidTables builds the tables on first use only: they take a few milliseconds and about 1.5 MB,
// which a program that never recovers a uid should not pay for.
var uidTables = sync.OnceValue(buildUIDRecoveryTables)

// RecoverUIDs returns every numeric uid whose decimal form has the given CRC32 (IEEE), in ascending
// order. uid 0 is written as the empty string, so it is returned when crc equals the CRC32 of "" (0).
// A crc usually matches about one uid, since 2^32 uids share 2^32 checksums; callers that need a
// single answer must pick among the candidates some other way. The result is nil when no uid
// matches.
func RecoverUIDs(crc uint32) []uint32 {
	t := uidTables()
	// Candidates gather on the stack and are copied out at their final size, so the result costs
	// one allocation however many candidates turn up along the way.
	var found [8]uint32
	out := found[:0]
	if crc == 0 {
		out = append(out, 0)
	}
	// Lengths, prefixes and suffixes within a bucket are all visited in ascending order, and every
	// (length, prefix, suffix) triple is a distinct uid, so out is sorted and free of duplicates
	// without a sort.
	for i := range t.lengths {
		plan := &t.lengths[i]
		idx := &t.suffixes[plan.suffixDigits]
		for j, c := range plan.contrib {
			key := crc ^ c
			b := key >> idx.shift
			for e := idx.start[b]; e < idx.start[b+1]; e++ {
				if idx.keys[e] != key {
					continue
				}
				uid := uint64(plan.firstPrefix+uint32(j))*plan.suffixScale + uint64(idx.vals[e])
				if uid <= math.MaxUint32 { // only the 10-digit prefix 42949 can overshoot
					out = append(out, uint32(uid))
				}
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	// Recheck each candidate with the standard library directly, so a mistake in the algebra
	// above shows up as a missing uid rather than a wrong one. The buffer escapes into crc32, so
	// it is only allocated when there is something to check.
	buf := make([]byte, 0, 10)
	kept := out[:0]
	for _, uid := range out {
		buf = buf[:0]
		if uid != 0 {
			buf = strconv.AppendUint(buf, uint64(uid), 10)
		}
		if crc32.ChecksumIEEE(buf) == crc {
			kept = append(kept, uid)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return slices.Clone(kept)
}

// MatchUID reports whether uidString (a decimal uid, "" for uid 0, or a user account) has the CRC32 crc.
// The string is compared exactly as given: a 006 token holds the checksum of "" for uid 0, so
// passing "0" for it does not match.
func MatchUID(crc uint32, uidString string) bool {
	return crc32.ChecksumIEEE([]byte(uidString)) == crc
}

// MatchChannel reports whether channel has the CRC32 crc.
// A 006 token keeps only this checksum of its channel, so a guessed channel name can be confirmed
// but never read back.
func MatchChannel(crc uint32, channel string) bool {
	return crc32.ChecksumIEEE([]byte(channel)) == crc
}

func buildUIDRecoveryTables() *uidRecoveryTables {
	t := new(uidRecoveryTables)
	for s := range t.suffixes {
		t.suffixes[s] = buildUIDSuffixIndex(s)
	}
	var zeros [uidSuffixDigits]byte
	var buf []byte
	for i := range t.lengths {
		length := i + 1
		// Every length gets as long a suffix as the cap allows, as the suffix side is prebuilt
		// and shared, while the prefix side is what each query pays for.
		s := min(length-1, uidSuffixDigits)
		p := length - s
		scale := uidPow10(s)
		first := uidPow10(p - 1)
		last := uidPow10(p) - 1
		if length == 10 {
			// No 10-digit uid starts above MaxUint32's first digits (42949); one starting
			// with exactly those needs a small enough suffix, which the query checks.
			last = math.MaxUint32 / scale
		}
		contrib := make([]uint32, 0, last-first+1)
		for prefix := first; prefix <= last; prefix++ {
			buf = strconv.AppendUint(buf[:0], prefix, 10)
			sum := crc32.Update(crc32.ChecksumIEEE(buf), crc32.IEEETable, zeros[:s])
			contrib = append(contrib, sum)
		}
		t.lengths[i] = uidLengthPlan{
			suffixDigits: s,
			suffixScale:  scale,
			firstPrefix:  uint32(first),
			contrib:      contrib,
		}
	}
	return t
}

// buildUIDSuffixIndex indexes all 10^s suffixes of s digits.
func buildUIDSuffixIndex(s int) uidSuffixIndex {
	n := int(uidPow10(s))
	var zeros [uidSuffixDigits]byte
	zeroSum := crc32.ChecksumIEEE(zeros[:s])
	keys := make([]uint32, n)
	digits := make([]byte, s)
	for v := range n {
		for i, rest := s-1, v; i >= 0; i, rest = i-1, rest/10 {
			digits[i] = byte('0' + rest%10)
		}
		keys[v] = crc32.ChecksumIEEE(digits) ^ zeroSum
	}

	// About one entry per bucket keeps each lookup to a single short scan.
	bucketBits := bits.Len(uint(n - 1))
	shift := uint(32 - bucketBits)
	start := make([]uint32, 1<<bucketBits+1)
	for _, k := range keys {
		start[k>>shift+1]++
	}
	for b := 1; b < len(start); b++ {
		start[b] += start[b-1]
	}
	next := make([]uint32, len(start)-1)
	copy(next, start)
	idx := uidSuffixIndex{
		shift: shift,
		start: start,
		keys:  make([]uint32, n),
		vals:  make([]uint32, n),
	}
	// Placing suffixes in ascending order keeps each bucket sorted, which RecoverUIDs relies on
	// for its output order.
	for v, k := range keys {
		b := k >> shift
		idx.keys[next[b]] = k
		idx.vals[next[b]] = uint32(v)
		next[b]++
	}
	return idx
}

func uidPow10(n int) uint64 {
	p := uint64(1)
	for range n {
		p *= 10
	}
	return p
}
