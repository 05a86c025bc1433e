package store

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tokendesk/tokendesk/token"
)

func TestAnAddedEntryReadsBackTheSame(t *testing.T) {
	s := openStore(t)
	spec := rtcSpec("room", 7)
	spec.PerPrivilege = &token.PrivilegeExpires{Join: 600, Audio: 300, Video: 200, Data: 100}
	text, err := spec.Build(sampleCertificate)
	if err != nil {
		t.Fatal(err)
	}
	want := Entry{Spec: spec, Project: "Demo", Token: text, CreatedAt: issuedAt, Label: "standup", Pinned: true}
	e := want
	if err := s.Add(&e); err != nil {
		t.Fatal(err)
	}
	if e.ID == 0 {
		t.Fatal("Add did not set the ID")
	}
	got, err := s.Entry(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	want.ID = e.ID
	if !got.CreatedAt.Equal(want.CreatedAt) {
		t.Errorf("CreatedAt = %s, want %s", got.CreatedAt, want.CreatedAt)
	}
	got.CreatedAt = want.CreatedAt
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Entry =\n%+v\nwant\n%+v", got, want)
	}
}

func TestAddStampsTheCreationTimeWhenItIsZero(t *testing.T) {
	s := openStore(t)
	now := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	e := &Entry{Spec: rtcSpec("room", 1)}
	if err := s.Add(e); err != nil {
		t.Fatal(err)
	}
	if !e.CreatedAt.Equal(now) {
		t.Errorf("CreatedAt = %s, want %s", e.CreatedAt, now)
	}
}

func TestAnEntryThatCannotBeBuiltIsNotSaved(t *testing.T) {
	s := openStore(t)
	spec := rtcSpec("", 1) // an RTC token needs a channel
	if err := s.Add(&Entry{Spec: spec}); !errors.Is(err, token.ErrInvalidChannel) {
		t.Fatalf("Add: %v, want ErrInvalidChannel", err)
	}
	good := &Entry{Spec: rtcSpec("room", 1)}
	if err := s.AddMany([]*Entry{good, {Spec: spec}}); err == nil {
		t.Fatal("AddMany saved an invalid entry")
	}
	if n, _ := s.Count(""); n != 0 || good.ID != 0 {
		t.Errorf("AddMany saved %d entries of a failed batch (ID %d); want all or none", n, good.ID)
	}
}

// rebuildCases are specs of several kinds and both formats, as the history keeps them.
func rebuildCases() map[string]token.Spec {
	at := uint32(issuedAt.Unix())
	account := rtcSpec("room", 0)
	account.Account = "alice"
	subscriber006 := rtcSpec("room", 99)
	subscriber006.Format, subscriber006.Role = token.Version006, token.RoleSubscriber
	exact006 := rtcSpec("room", 99)
	exact006.Format = token.Version006
	exact006.Privileges006 = []token.Privilege{{ID: 1, Value: at + 7200}, {ID: 2, Value: at + 600}, {ID: 3, Value: 0}}
	return map[string]token.Spec{
		"rtc with a uid":      rtcSpec("room", 42),
		"rtc with an account": account,
		"rtc+rtm":             {Kind: token.KindRTCRTM, AppID: sampleAppID, Channel: "room", Account: "bob", Role: token.RoleSubscriber, Expire: 600, PrivilegeExpire: 600, IssuedAt: at, Salt: 1},
		"rtm":                 {Kind: token.KindRTM, AppID: sampleAppID, UserID: "carol", Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600, IssuedAt: at, Salt: 99999999},
		"chat user":           {Kind: token.KindChatUser, AppID: sampleAppID, UserID: "dave", Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600, IssuedAt: at, Salt: 5},
		"006 subscriber":      subscriber006,
		"006 with privileges": exact006,
		"rtc with each expiry": func() token.Spec {
			s := rtcSpec("room", 3)
			s.PerPrivilege = &token.PrivilegeExpires{Join: 60, Audio: 50, Video: 40, Data: 30}
			return s
		}(),
		"apaas room user":       {Kind: token.KindAPaaSRoomUser, AppID: sampleAppID, RoomUUID: "room-1", UserID: "erin", APaaSRole: 2, Role: token.RolePublisher, Expire: 3600, PrivilegeExpire: 3600, IssuedAt: at, Salt: 6},
		"streaming with a salt": func() token.Spec { s := rtcSpec("live", 8); s.Kind = token.KindStreaming; return s }(),
	}
}

func TestARebuiltTokenIsIdenticalToTheOriginal(t *testing.T) {
	s := openStore(t)
	for name, spec := range rebuildCases() {
		t.Run(name, func(t *testing.T) {
			original, err := spec.Build(sampleCertificate)
			if err != nil {
				t.Fatal(err)
			}
			e := &Entry{Spec: spec, Token: original}
			if err := s.Add(e); err != nil {
				t.Fatal(err)
			}
			saved, err := s.Entry(e.ID)
			if err != nil {
				t.Fatal(err)
			}
			rebuilt, err := Rebuild(saved, sampleCertificate)
			if err != nil {
				t.Fatal(err)
			}
			if rebuilt != original {
				t.Errorf("Rebuild =\n%s\nwant\n%s", rebuilt, original)
			}
		})
	}
}

func TestARebuiltTokenWithoutTheStoredStringIsStillIdentical(t *testing.T) {
	s := openStore(t)
	settings := DefaultSettings()
	settings.KeepTokens = false
	if err := s.SaveSettings(settings); err != nil {
		t.Fatal(err)
	}
	e := addEntry(t, s, rtcSpec("room", 5), time.Time{})
	saved, _ := s.Entry(e.ID)
	if saved.Token != "" {
		t.Fatalf("the token was kept with KeepTokens off: %q", saved.Token)
	}
	if rebuilt, err := Rebuild(saved, sampleCertificate); err != nil || rebuilt != e.Token {
		t.Errorf("Rebuild = %s, %v, want %s", rebuilt, err, e.Token)
	}
}

func TestRebuildFreshKeepsTheInputsWithANewSaltAndTime(t *testing.T) {
	later := issuedAt.Add(48 * time.Hour)
	for name, spec := range rebuildCases() {
		t.Run(name, func(t *testing.T) {
			text, fresh, err := RebuildFresh(Entry{Spec: spec}, sampleCertificate, later)
			if err != nil {
				t.Fatal(err)
			}
			if fresh.IssuedAt != uint32(later.Unix()) || fresh.Salt < 1 || fresh.Salt > token.MaxSalt {
				t.Errorf("issued at %d with salt %d, want %d and a salt in 1..%d", fresh.IssuedAt, fresh.Salt, later.Unix(), token.MaxSalt)
			}
			if again, err := fresh.Build(sampleCertificate); err != nil || again != text {
				t.Errorf("the returned spec builds %s, %v; want the returned token", again, err)
			}
			same := fresh
			same.IssuedAt, same.Salt, same.Privileges006 = spec.IssuedAt, spec.Salt, spec.Privileges006
			if !reflect.DeepEqual(same, spec) {
				t.Errorf("the inputs changed:\n%+v\nwant\n%+v", same, spec)
			}
			for i, p := range fresh.Privileges006 {
				old := spec.Privileges006[i]
				if old.Value == 0 && p.Value != 0 || old.Value != 0 && p.Value-fresh.IssuedAt != old.Value-spec.IssuedAt {
					t.Errorf("privilege %d: %d (issued %d), want the lifetime of %d (issued %d)", p.ID, p.Value, fresh.IssuedAt, old.Value, spec.IssuedAt)
				}
			}
			parsed, err := token.Parse(text)
			if err != nil {
				t.Fatal(err)
			}
			if parsed.ExpiresAt() <= later.Unix() {
				t.Errorf("the fresh token expires at %d, before it was issued", parsed.ExpiresAt())
			}
		})
	}
}

func TestTheHistoryListsPinnedFirstThenNewestFirst(t *testing.T) {
	s := openStore(t)
	var added []*Entry
	for i := range 5 {
		added = append(added, addEntry(t, s, rtcSpec(fmt.Sprintf("room-%d", i), 1), issuedAt.Add(time.Duration(i)*time.Minute)))
	}
	same := addEntry(t, s, rtcSpec("same-time", 1), added[4].CreatedAt) // ties go to the later ID
	if err := s.SetPinned(added[1].ID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPinned(added[3].ID, true); err != nil {
		t.Fatal(err)
	}
	entries, err := s.List(Query{})
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{added[3].ID, added[1].ID, same.ID, added[4].ID, added[2].ID, added[0].ID}
	if got := ids(entries); !slices.Equal(got, want) {
		t.Errorf("List order = %v, want %v", got, want)
	}
	if !entries[0].Pinned || entries[2].Pinned {
		t.Errorf("Pinned flags are wrong: %v, %v", entries[0].Pinned, entries[2].Pinned)
	}
	if err := s.SetPinned(added[3].ID, false); err != nil {
		t.Fatal(err)
	}
	if entries, _ := s.List(Query{Limit: 1}); entries[0].ID != added[1].ID {
		t.Errorf("after unpinning, the first entry is %d, want %d", entries[0].ID, added[1].ID)
	}
}

func TestTheHistoryPagesWithLimitAndOffset(t *testing.T) {
	s := openStore(t)
	var all []int64
	for i := range 25 {
		e := addEntry(t, s, rtcSpec(fmt.Sprintf("room-%d", i), 1), issuedAt.Add(time.Duration(i)*time.Second))
		all = append([]int64{e.ID}, all...)
	}
	var paged []int64
	for offset := 0; ; offset += 10 {
		page, err := s.List(Query{Limit: 10, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		paged = append(paged, ids(page)...)
	}
	if !slices.Equal(paged, all) {
		t.Errorf("the pages hold %v, want %v", paged, all)
	}
	if page, _ := s.List(Query{Offset: 20}); !slices.Equal(ids(page), all[20:]) {
		t.Errorf("an offset without a limit gives %v, want %v", ids(page), all[20:])
	}
}

func TestSearchMatchesPartOfTheChannelUIDAccountUserIDLabelAppIDOrProject(t *testing.T) {
	s := openStore(t)
	withAccount := rtcSpec("Weekly-Sync", 0)
	withAccount.Account = "Grace.Hopper"
	rtm := token.Spec{Kind: token.KindRTM, AppID: otherAppID, UserID: "Ada_Lovelace", Role: token.RolePublisher,
		Expire: 3600, PrivilegeExpire: 3600, IssuedAt: uint32(issuedAt.Unix()), Salt: 1}
	entries := []*Entry{
		{Spec: rtcSpec("Daily Standup", 98765)},
		{Spec: withAccount, Project: "Café Résumé"},
		{Spec: rtm, Label: "Ünïcode Label"},
		{Spec: rtcSpec("100%_done", 7)},
	}
	if err := s.AddMany(entries); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		search string
		want   []*Entry
	}{
		{"standup", entries[:1]},
		{"  DAILY ", entries[:1]},
		{"876", entries[:1]},
		{"grace.h", entries[1:2]},
		{"ada_love", entries[2:3]},
		{"ünïcode", entries[2:3]},
		{"ÜNÏCODE LABEL", entries[2:3]},
		{"café", entries[1:2]},
		{"CAFÉ RÉS", entries[1:2]},
		{"abcdef0123", entries[2:3]},
		{strings.ToLower(sampleAppID[:10]), []*Entry{entries[0], entries[1], entries[3]}},
		{"%", entries[3:4]},
		{"_", entries[2:4]},
		{"0%_d", entries[3:4]},
		{"sync" + searchSeparator + "grace", nil}, // never across two fields
		{"nothing like it", nil},
		{"", entries},
	}
	for _, tt := range tests {
		got, err := s.List(Query{Search: tt.search})
		if err != nil {
			t.Fatal(err)
		}
		var want []int64
		for _, e := range tt.want {
			want = append(want, e.ID)
		}
		slices.Sort(want)
		gotIDs := ids(got)
		slices.Sort(gotIDs)
		if !slices.Equal(gotIDs, want) {
			t.Errorf("List(%q) = %v, want %v", tt.search, gotIDs, want)
		}
		if n, err := s.Count(tt.search); err != nil || n != len(want) {
			t.Errorf("Count(%q) = %d, %v, want %d", tt.search, n, err, len(want))
		}
	}
}

func TestALabelIsSearchable(t *testing.T) {
	s := openStore(t)
	e := addEntry(t, s, rtcSpec("room", 1), time.Time{})
	if err := s.SetLabel(e.ID, "Demo for ACME"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.List(Query{Search: "acme"}); len(got) != 1 || got[0].Label != "Demo for ACME" {
		t.Fatalf("List(acme) = %+v", got)
	}
	if err := s.SetLabel(e.ID, ""); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Count("acme"); n != 0 {
		t.Errorf("a removed label is still found")
	}
}

func TestAQueryCanKeepOneAppID(t *testing.T) {
	s := openStore(t)
	addEntry(t, s, rtcSpec("room", 1), time.Time{})
	other := rtcSpec("room", 2)
	other.AppID = otherAppID
	e := addEntry(t, s, other, time.Time{})
	if got, err := s.List(Query{AppID: otherAppID, Search: "room"}); err != nil || !slices.Equal(ids(got), []int64{e.ID}) {
		t.Errorf("List for one App ID = %v, %v", ids(got), err)
	}
}

func TestAMissingEntryIsNotFound(t *testing.T) {
	s := openStore(t)
	if _, err := s.Entry(99); !errors.Is(err, ErrNotFound) {
		t.Errorf("Entry: %v", err)
	}
	if err := s.Delete(99); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete: %v", err)
	}
	if err := s.SetLabel(99, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetLabel: %v", err)
	}
	if err := s.SetPinned(99, true); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetPinned: %v", err)
	}
}

func TestADeletedEntryIsGone(t *testing.T) {
	s := openStore(t)
	keep := addEntry(t, s, rtcSpec("keep", 1), time.Time{})
	gone := addEntry(t, s, rtcSpec("gone", 1), time.Time{})
	if err := s.Delete(gone.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.List(Query{}); !slices.Equal(ids(got), []int64{keep.ID}) {
		t.Errorf("List after Delete = %v", ids(got))
	}
}

func TestAClearedHistoryListsNothing(t *testing.T) {
	s := openStore(t)
	for i := range 3 {
		e := addEntry(t, s, rtcSpec("room", uint32(i)), time.Time{})
		if err := s.SetPinned(e.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Clear(); err != nil {
		t.Fatal(err)
	}
	if got, err := s.List(Query{}); err != nil || len(got) != 0 {
		t.Errorf("List after Clear = %d entries, %v", len(got), err)
	}
}

func TestRetentionKeepsTheNewestEntriesAndEveryPinnedOne(t *testing.T) {
	s := openStore(t)
	var added []*Entry
	for i := range 10 {
		added = append(added, addEntry(t, s, rtcSpec("room", uint32(i)), issuedAt.Add(time.Duration(i)*time.Hour)))
	}
	if err := s.SetPinned(added[0].ID, true); err != nil {
		t.Fatal(err)
	}
	settings := DefaultSettings()
	settings.RetentionCount = 3
	if err := s.SaveSettings(settings); err != nil {
		t.Fatal(err)
	}
	removed, err := s.ApplyRetention(issuedAt.Add(10 * time.Hour))
	if err != nil || removed != 6 {
		t.Fatalf("ApplyRetention removed %d, %v; want 6", removed, err)
	}
	got, _ := s.List(Query{})
	if want := []int64{added[0].ID, added[9].ID, added[8].ID, added[7].ID}; !slices.Equal(ids(got), want) {
		t.Errorf("kept %v, want %v", ids(got), want)
	}
	newest := addEntry(t, s, rtcSpec("room", 10), issuedAt.Add(11*time.Hour))
	got, _ = s.List(Query{})
	if want := []int64{added[0].ID, newest.ID, added[9].ID, added[8].ID}; !slices.Equal(ids(got), want) {
		t.Errorf("after Add, kept %v, want %v", ids(got), want)
	}
}

func TestRetentionByAgeRemovesOlderUnpinnedEntries(t *testing.T) {
	s := openStore(t)
	now := issuedAt.Add(30 * 24 * time.Hour)
	old := addEntry(t, s, rtcSpec("old", 1), now.Add(-8*24*time.Hour))
	oldPinned := addEntry(t, s, rtcSpec("old-pinned", 1), now.Add(-9*24*time.Hour))
	recent := addEntry(t, s, rtcSpec("recent", 1), now.Add(-6*24*time.Hour))
	if err := s.SetPinned(oldPinned.ID, true); err != nil {
		t.Fatal(err)
	}
	if removed, err := s.ApplyRetention(now); err != nil || removed != 0 {
		t.Fatalf("with retention off, ApplyRetention removed %d, %v", removed, err)
	}
	settings := DefaultSettings()
	settings.RetentionDays = 7
	if err := s.SaveSettings(settings); err != nil {
		t.Fatal(err)
	}
	if removed, err := s.ApplyRetention(now); err != nil || removed != 1 {
		t.Fatalf("ApplyRetention removed %d, %v; want 1", removed, err)
	}
	if _, err := s.Entry(old.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("the old entry is still there: %v", err)
	}
	got, _ := s.List(Query{})
	if want := []int64{oldPinned.ID, recent.ID}; !slices.Equal(ids(got), want) {
		t.Errorf("kept %v, want %v", ids(got), want)
	}
}

func TestWithKeepTokensOffOnlyTheInputsAreStored(t *testing.T) {
	s := openStore(t)
	kept := addEntry(t, s, rtcSpec("before", 1), time.Time{})
	settings := DefaultSettings()
	settings.KeepTokens = false
	if err := s.SaveSettings(settings); err != nil {
		t.Fatal(err)
	}
	if e, _ := s.Entry(kept.ID); e.Token != "" {
		t.Errorf("turning KeepTokens off left an earlier token: %q", e.Token)
	}
	e := addEntry(t, s, rtcSpec("after", 2), time.Time{})
	if e.Token == "" {
		t.Error("Add cleared the caller's token")
	}
	saved, _ := s.Entry(e.ID)
	if saved.Token != "" || saved.Spec.Channel != "after" {
		t.Errorf("saved %+v, want the inputs without the token", saved)
	}
	for _, text := range []string{kept.Token, e.Token} {
		for _, name := range []string{s.Path(), s.Path() + "-wal"} {
			if b, err := os.ReadFile(name); err == nil && strings.Contains(string(b), text) {
				t.Errorf("%s still holds a token", name)
			}
		}
	}
}
