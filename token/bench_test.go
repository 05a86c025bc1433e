package token

import "testing"

// The benchmark token is the one the issue names: an RTC publisher token for uid 2882341273,
// valid an hour.
const (
	benchAppID       = "970CA35de60c44645bbae8a215061b33"
	benchCertificate = "5CFd2fd1755d40ecb72977518be15d3b"
	benchChannel     = "7d72365eb983485397e3e3f9d460bdda"
	benchUID         = 2882341273
)

func benchSpec(format string) *Spec {
	return &Spec{Format: format, Kind: KindRTC, AppID: benchAppID, Channel: benchChannel, UID: benchUID,
		Role: RolePublisher, Expire: 3600, PrivilegeExpire: 3600, IssuedAt: 1700000000, Salt: 12345678}
}

func BenchmarkBuild007(b *testing.B) {
	s := benchSpec(Version007)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Build(benchCertificate); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse007(b *testing.B) {
	s := benchSpec(Version007)
	text, err := s.Build(benchCertificate)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(text); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuild006(b *testing.B) {
	s := benchSpec(Version006)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Build(benchCertificate); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse006(b *testing.B) {
	s := benchSpec(Version006)
	text, err := s.Build(benchCertificate)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(text); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBuildingA007TokenAllocatesAtMost8Times guards BenchmarkBuild007's allocations, which
// once grew from 7 to 12 per token unnoticed: a check that passes must not allocate.
func TestBuildingA007TokenAllocatesAtMost8Times(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own account")
	}
	s := benchSpec(Version007)
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := s.Build(benchCertificate); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 8 {
		t.Errorf("building a 007 token allocates %.0f times; the budget is 8", allocs)
	}
}
