//go:build !windows

package cli

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestServeStopsOnARealCtrlCAndPrintsTheRenewals runs tokendesk serve in a process of its
// own (this test binary again) and sends it SIGINT, as Ctrl+C in a terminal does: the other
// serve tests replace Ctrl+C with a hook, so only this one covers the signal itself.
func TestServeStopsOnARealCtrlCAndPrintsTheRenewals(t *testing.T) {
	if os.Getenv("TOKENDESK_SERVE_CHILD") == "1" {
		os.Exit(Run([]string{"serve", "--app-id", testAppID, "--listen", "127.0.0.1:0", "--no-save"}, os.Stdin, os.Stdout, os.Stderr))
	}
	if testing.Short() {
		t.Skip("starts a process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeStopsOnARealCtrlCAndPrintsTheRenewals$")
	cmd.Env = append(os.Environ(), "TOKENDESK_SERVE_CHILD=1", "TOKENDESK_DIR="+t.TempDir(),
		"AGORA_APP_CERTIFICATE="+testCertificate)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var waitErr error
	t.Cleanup(func() {
		select {
		case <-done:
		default:
			_ = cmd.Process.Kill()
			<-done
		}
	})
	lines := bufio.NewReader(stdout)
	tokenURL, err := lines.ReadString('\n')
	go func() {
		_, _ = io.Copy(io.Discard, lines)
		waitErr = cmd.Wait()
		close(done)
	}()
	if err != nil {
		t.Fatalf("serve printed no tokenUrl: %v; stderr: %s", err, stderr.String())
	}
	resp, err := http.Get(strings.TrimSpace(tokenURL) + "/rtc/room/publisher/uid/42/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET a token: %s", resp.Status)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
		if waitErr != nil {
			t.Errorf("serve ended with %v after Ctrl+C, want exit status 0", waitErr)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not stop within 30 s of Ctrl+C; stderr: %s", stderr.String())
	}
	for _, want := range []string{"Renewals:", "uid 42 has a token valid until", "Stopped: 1 request"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("after Ctrl+C serve said %q, without %q", stderr.String(), want)
		}
	}
}
