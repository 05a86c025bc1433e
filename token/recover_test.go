package token

import (
	"hash/crc32"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// uidCRC is the checksum a 006 token stores for uid, computed the plain way as the reference.
func uidCRC(uid uint32) uint32 {
	if uid == 0 {
		return crc32.ChecksumIEEE(nil)
	}
	return crc32.ChecksumIEEE([]byte(strconv.FormatUint(uint64(uid), 10)))
}

// checkCandidates fails the test unless got holds want, is strictly ascending, and every entry
// really has the checksum crc.
func checkCandidates(t *testing.T, crc uint32, want uint32, got []uint32) {
	t.Helper()
	if !slices.Contains(got, want) {
		t.Errorf("RecoverUIDs(%#08x) = %v, missing uid %d", crc, got, want)
	}
	for i, uid := range got {
		if c := uidCRC(uid); c != crc {
			t.Errorf("RecoverUIDs(%#08x) returned uid %d whose crc is %#08x", crc, uid, c)
		}
		if i > 0 && got[i-1] >= uid {
			t.Errorf("RecoverUIDs(%#08x) = %v, not strictly ascending at index %d", crc, got, i)
		}
	}
}

func TestRecoverUIDsFindsTheUidOfAnOfficialToken(t *testing.T) {
	for _, uid := range []uint32{1, 10, 42, 999999999, 1000000000, 2882341273, 4294967295} {
		crc := uidCRC(uid)
		checkCandidates(t, crc, uid, RecoverUIDs(crc))
	}
}

func TestRecoverUIDsIncludesUidZeroForTheEmptyStringCRC(t *testing.T) {
	got := RecoverUIDs(0)
	checkCandidates(t, 0, 0, got)
	if got[0] != 0 {
		t.Errorf("RecoverUIDs(0) = %v, want uid 0 first", got)
	}
}

func TestRecoverUIDsFindsRandomUids(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 2882341273))
	for range 200 {
		// Half the draws are short so that every length gets exercised, not just 10 digits.
		uid := r.Uint32()
		if r.IntN(2) == 0 {
			uid >>= r.IntN(32)
		}
		crc := uidCRC(uid)
		checkCandidates(t, crc, uid, RecoverUIDs(crc))
	}
}

// crcRuns sorts uids by their crc and returns the runs of uids that share one.
func crcRuns(uids []uint32) [][]uint64 {
	// Packing crc above uid and sorting groups each crc's uids into a run, at a fraction of the
	// memory a map of slices would take for millions of uids.
	pairs := make([]uint64, len(uids))
	for i, uid := range uids {
		pairs[i] = uint64(uidCRC(uid))<<32 | uint64(uid)
	}
	slices.Sort(pairs)
	pairs = slices.Compact(pairs) // a uid drawn twice is not a collision
	var runs [][]uint64
	for i := 0; i < len(pairs); {
		j := i + 1
		for j < len(pairs) && pairs[j]>>32 == pairs[i]>>32 {
			j++
		}
		runs = append(runs, pairs[i:j])
		i = j
	}
	return runs
}

// checkRuns fails the test unless RecoverUIDs finds every uid of each run.
func checkRuns(t *testing.T, runs [][]uint64) {
	t.Helper()
	for _, run := range runs {
		crc := uint32(run[0] >> 32)
		got := RecoverUIDs(crc)
		for _, p := range run {
			checkCandidates(t, crc, uint32(p), got)
		}
	}
}

func TestRecoverUIDsAgreesWithBruteForceOverTheFirstTwoMillionUids(t *testing.T) {
	const limit = 2_000_000
	uids := make([]uint32, limit+1)
	for i := range uids {
		uids[i] = uint32(i)
	}
	runs := crcRuns(uids)
	var picked [][]uint64
	for i := 0; len(picked) < 50; i += len(runs) / 50 {
		picked = append(picked, runs[i])
	}
	checkRuns(t, picked)
}

func TestRecoverUIDsFindsEveryUidOfACollision(t *testing.T) {
	// Uids of up to 7 digits happen never to collide, so collisions are found among random
	// 10-digit-heavy uids instead: 500,000 of them share about 29 crcs by the birthday bound.
	r := rand.New(rand.NewPCG(9, 9))
	uids := make([]uint32, 500_000)
	for i := range uids {
		uids[i] = r.Uint32()
	}
	var shared [][]uint64
	for _, run := range crcRuns(uids) {
		if len(run) > 1 {
			shared = append(shared, run)
		}
	}
	if len(shared) < 10 {
		t.Fatalf("only %d collisions in the sample; the test no longer exercises them", len(shared))
	}
	checkRuns(t, shared)
}

func TestRecoverUIDsReturnsOnlyGenuineCandidatesForArbitraryCRCs(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for range 200 {
		crc := r.Uint32()
		got := RecoverUIDs(crc)
		for i, uid := range got {
			if c := uidCRC(uid); c != crc {
				t.Errorf("RecoverUIDs(%#08x) returned uid %d whose crc is %#08x", crc, uid, c)
			}
			if i > 0 && got[i-1] >= uid {
				t.Errorf("RecoverUIDs(%#08x) = %v, not strictly ascending", crc, got)
			}
		}
	}
}

func TestMatchUIDTreatsTheEmptyStringAsUidZero(t *testing.T) {
	if !MatchUID(0, "") {
		t.Error(`MatchUID(0, "") = false, want true`)
	}
	if MatchUID(0, "0") {
		t.Error(`MatchUID(0, "0") = true, want false: a token writes uid 0 as ""`)
	}
}

func TestMatchUIDAcceptsDecimalUidsAndUserAccounts(t *testing.T) {
	for _, s := range []string{"2882341273", "alice@example.com"} {
		crc := crc32.ChecksumIEEE([]byte(s))
		if !MatchUID(crc, s) {
			t.Errorf("MatchUID(%#08x, %q) = false, want true", crc, s)
		}
		if MatchUID(crc^1, s) {
			t.Errorf("MatchUID(%#08x, %q) = true, want false", crc^1, s)
		}
	}
}

func TestMatchChannelConfirmsOnlyTheRightChannel(t *testing.T) {
	crc := crc32.ChecksumIEEE([]byte("7d72365eb983485397e3e3f9d460bdda"))
	if !MatchChannel(crc, "7d72365eb983485397e3e3f9d460bdda") {
		t.Error("MatchChannel rejected the channel the crc was made from")
	}
	if MatchChannel(crc, "7d72365eb983485397e3e3f9d460bddb") {
		t.Error("MatchChannel accepted a different channel")
	}
}

func BenchmarkRecoverUID(b *testing.B) {
	crc := uidCRC(2882341273)
	RecoverUIDs(crc) // builds the shared tables before b.Loop starts the timer
	b.ReportAllocs()
	for b.Loop() {
		RecoverUIDs(crc)
	}
}
