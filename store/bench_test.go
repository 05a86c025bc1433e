package store

import (
	"fmt"
	"testing"
	"time"
)

// populate adds n entries that look like a long-used history: two App IDs, a few projects,
// numeric uids and accounts, some labels and pins, and a token string in each.
func populate(b *testing.B, s *Store, n int) {
	b.Helper()
	sample := rtcSpec("room", 1)
	text, err := sample.Build(sampleCertificate)
	if err != nil {
		b.Fatal(err)
	}
	projects := []string{"Demo", "Staging", "Production"}
	entries := make([]*Entry, n)
	for i := range entries {
		spec := rtcSpec(fmt.Sprintf("room-%d", i), uint32(i))
		if i%2 == 1 {
			spec.AppID = otherAppID
		}
		if i%3 == 0 {
			spec.Account = fmt.Sprintf("user-%d@example", i)
		}
		e := &Entry{Spec: spec, Token: text, Project: projects[i%len(projects)],
			CreatedAt: issuedAt.Add(time.Duration(i) * time.Second), Pinned: i%1000 == 0}
		if i%10 == 0 {
			e.Label = fmt.Sprintf("build %d for QA", i)
		}
		entries[i] = e
	}
	if err := s.AddMany(entries); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkHistorySearch100k(b *testing.B) {
	s := openStore(b)
	populate(b, s, 100_000)
	for _, bench := range []struct {
		name  string
		query Query
	}{
		{"one match in 100k", Query{Search: "room-99999", Limit: 50}},
		{"no match", Query{Search: "no such channel", Limit: 50}},
		{"many matches, first page", Query{Search: "qa", Limit: 50}},
		{"many matches, page 100", Query{Search: "room-1", Limit: 50, Offset: 5000}},
		{"part of an App ID", Query{Search: "5de60c", Limit: 50}},
	} {
		b.Run(bench.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.List(bench.query); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("count of one match", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if n, err := s.Count("user-99999@"); err != nil || n != 1 {
				b.Fatal(n, err)
			}
		}
	})
	b.Run("count of part of an App ID", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if n, err := s.Count("5de60c"); err != nil || n != 50_000 {
				b.Fatal(n, err)
			}
		}
	})
}

func BenchmarkHistoryAdd(b *testing.B) {
	s := openStore(b)
	spec := rtcSpec("room", 1)
	text, err := spec.Build(sampleCertificate)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Add(&Entry{Spec: spec, Token: text, Label: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
}
