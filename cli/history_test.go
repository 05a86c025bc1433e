package cli

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tokendesk/tokendesk/token"
)

// saveBuilds builds and saves one token per channel, a second apart, and returns the tokens.
func (w *world) saveBuilds(channels ...string) []string {
	w.t.Helper()
	w.env[envCertificate] = testCertificate
	var tokens []string
	for _, c := range channels {
		tokens = append(tokens, strings.TrimSpace(w.mustRun("", "build", "--app-id", testAppID, "--channel", c, "--uid", "7", "--save")))
		w.now = w.now.Add(time.Second)
	}
	return tokens
}

type listedEntry struct {
	ID    int64      `json:"id"`
	Spec  token.Spec `json:"spec"`
	Token string     `json:"token"`
}

func (w *world) listJSON(args ...string) []listedEntry {
	w.t.Helper()
	var entries []listedEntry
	out := w.mustRun("", append([]string{"history", "list", "--json"}, args...)...)
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		w.t.Fatalf("%v:\n%s", err, out)
	}
	return entries
}

func TestHistoryListShowsEntriesNewestFirst(t *testing.T) {
	w := newWorld(t)
	w.saveBuilds("alpha", "beta", "gamma")
	out := w.mustRun("", "history", "list")
	if a, g := strings.Index(out, "alpha"), strings.Index(out, "gamma"); a < 0 || g < 0 || g > a {
		t.Errorf("not newest first:\n%s", out)
	}
	entries := w.listJSON()
	if len(entries) != 3 || entries[0].Spec.Channel != "gamma" || entries[0].ID == 0 || entries[0].Token == "" {
		t.Errorf("%+v", entries)
	}
}

func TestHistoryListSearchesAndLimits(t *testing.T) {
	w := newWorld(t)
	w.saveBuilds("alpha", "beta", "alphabet")
	if entries := w.listJSON("--search", "ALPHA"); len(entries) != 2 {
		t.Errorf("search found %d", len(entries))
	}
	if entries := w.listJSON("--limit", "1"); len(entries) != 1 || entries[0].Spec.Channel != "alphabet" {
		t.Errorf("%+v", entries)
	}
	if entries := w.listJSON("--limit", "0"); len(entries) != 3 {
		t.Errorf("--limit 0 listed %d", len(entries))
	}
	r := w.run("", "history", "list", "--limit", "2")
	if !strings.Contains(r.stderr, "Showing 2 of 3 entries") {
		t.Error(r)
	}
	if out := w.mustRun("", "history", "list", "--search", "nothing-like-it"); !strings.Contains(out, "No history entry matches") {
		t.Errorf("%s", out)
	}
	w.expectFailure(exitUsage, "", []string{"history", "list", "--limit", "-1"}, `--limit "-1" is not a number of entries`)
}

func TestHistoryListOfAnEmptyHistoryIsAnEmptyArray(t *testing.T) {
	w := newWorld(t)
	if out := w.mustRun("", "history", "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("%q", out)
	}
	if out := w.mustRun("", "history", "list"); !strings.Contains(out, "The history is empty") {
		t.Errorf("%q", out)
	}
}

func TestHistoryShowPrintsOneEntry(t *testing.T) {
	w := newWorld(t)
	tokens := w.saveBuilds("alpha")
	id := strconv.FormatInt(w.listJSON()[0].ID, 10)
	out := w.mustRun("", "history", "show", id)
	for _, phrase := range []string{"Entry       " + id, "Channel     alpha", "UID         7", "Role        publisher", "Token       " + tokens[0]} {
		if !strings.Contains(out, phrase) {
			t.Errorf("history show does not say %q:\n%s", phrase, out)
		}
	}
	var e listedEntry
	if err := json.Unmarshal([]byte(w.mustRun("", "history", "show", id, "--json")), &e); err != nil || e.Token != tokens[0] {
		t.Errorf("%+v %v", e, err)
	}
}

func TestHistoryRebuildPrintsTheSameTokenAndFreshANewOne(t *testing.T) {
	w := newWorld(t)
	tokens := w.saveBuilds("alpha")
	id := strconv.FormatInt(w.listJSON()[0].ID, 10)
	if out := w.mustRun("", "history", "rebuild", id); out != tokens[0]+"\n" {
		t.Errorf("rebuilt %s, saved %s", out, tokens[0])
	}
	delete(w.env, envCertificate)
	if out := w.mustRun(testCertificate+"\n", "history", "rebuild", id, "--cert-stdin"); out != tokens[0]+"\n" {
		t.Errorf("rebuilt with --cert-stdin %s", out)
	}
	w.now = w.now.Add(time.Hour)
	fresh := strings.TrimSpace(w.mustRun(testCertificate+"\n", "history", "rebuild", id, "--fresh", "--cert-stdin", "--save"))
	p, err := token.Parse(fresh)
	if err != nil || fresh == tokens[0] || p.V007.IssuedAt != uint32(w.now.Unix()) || p.V007.Services[0].Channel != "alpha" {
		t.Errorf("fresh %s: %v", fresh, err)
	}
	if n := len(w.listJSON()); n != 2 {
		t.Errorf("--save left %d entries", n)
	}
	w.expectFailure(exitUsage, "", []string{"history", "rebuild", id}, "no App Certificate")
}

func TestHistoryDeleteAndClearRemoveEntries(t *testing.T) {
	w := newWorld(t)
	w.saveBuilds("alpha", "beta", "gamma")
	id := strconv.FormatInt(w.listJSON()[0].ID, 10)
	w.mustRun("", "history", "delete", id)
	if n := len(w.listJSON()); n != 2 {
		t.Errorf("%d entries after delete", n)
	}
	w.expectFailure(exitUsage, "", []string{"history", "delete", id}, "there is no history entry "+id)
	w.expectFailure(exitUsage, "", []string{"history", "clear"}, "add --yes to confirm")
	if n := len(w.listJSON()); n != 2 {
		t.Errorf("clear without --yes deleted entries")
	}

	w.stdinTTY = true
	if out := w.mustRun("n\n", "history", "clear"); !strings.Contains(out, "Nothing was deleted") {
		t.Errorf("%s", out)
	}
	r := w.run("y\n", "history", "clear")
	if r.code != 0 || !strings.Contains(r.stderr, "Delete all 2 history entries?") {
		t.Error(r)
	}
	w.stdinTTY = false
	if n := len(w.listJSON()); n != 0 {
		t.Errorf("%d entries after clear", n)
	}
	w.saveBuilds("delta")
	w.mustRun("", "history", "clear", "--yes")
	if n := len(w.listJSON()); n != 0 {
		t.Errorf("%d entries after clear --yes", n)
	}
}

func TestHistoryIDsThatAreNotOnesGetASentence(t *testing.T) {
	w := newWorld(t)
	w.expectFailure(exitUsage, "", []string{"history", "show"}, "takes one ID")
	w.expectFailure(exitUsage, "", []string{"history", "show", "abc"}, `"abc" is not a history ID`)
	w.expectFailure(exitUsage, "", []string{"history", "show", "0"}, `"0" is not a history ID`)
	w.expectFailure(exitUsage, "", []string{"history", "show", "99"}, "tokendesk history show: there is no history entry 99")
	w.expectFailure(exitUsage, "", []string{"history", "rebuild", "99"}, "there is no history entry 99")
	w.expectFailure(exitUsage, "", []string{"history"}, "say what to do")
}
