package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Every dialog of the window answers the keyboard: its first field has the cursor, Enter
// does what its confirm button does and Esc what its cancel button does.

// keyedDialog is a dialog on show and what Enter does in it.
type keyedDialog struct {
	d       dialog.Dialog
	confirm func()
}

// showDialog shows d with the cursor in first (nil for a dialog without a field) and the
// keyboard able to answer it.
func (u *UI) showDialog(d dialog.Dialog, first fyne.Focusable) {
	k := &keyedDialog{d: d, confirm: d.Hide}
	switch v := d.(type) {
	case *dialog.FormDialog:
		k.confirm = v.Submit
	case *dialog.ConfirmDialog:
		k.confirm = v.Confirm
	}
	d.SetOnClosed(func() {
		u.dialogs = slices.DeleteFunc(u.dialogs, func(o *keyedDialog) bool { return o == k })
	})
	u.dialogs = append(u.dialogs, k)
	d.Show()
	if first != nil {
		u.win.Canvas().Focus(first)
	}
}

// onTypedKey answers the dialog on top when no field has the cursor.
func (u *UI) onTypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		u.cancelDialog()
	case fyne.KeyReturn, fyne.KeyEnter:
		u.confirmDialog()
	}
}

func (u *UI) topDialog() *keyedDialog {
	if len(u.dialogs) == 0 {
		return nil
	}
	return u.dialogs[len(u.dialogs)-1]
}

// confirmDialog presses the confirm button of the dialog on top, if one is on show.
func (u *UI) confirmDialog() {
	if k := u.topDialog(); k != nil {
		k.confirm()
	}
}

// cancelDialog presses the cancel button of the dialog on top, if one is on show.
func (u *UI) cancelDialog() {
	if k := u.topDialog(); k != nil {
		k.d.Dismiss()
	}
}

// dialogEntry is an entry of a dialog: Enter confirms the dialog and Esc cancels it, as
// they do when no field has the cursor.
type dialogEntry struct {
	widget.Entry
	u *UI
}

func (u *UI) newDialogEntry(password bool) *dialogEntry {
	e := &dialogEntry{u: u}
	e.Password = password
	e.ExtendBaseWidget(e)
	if password {
		u.revealButton(&e.Entry)
	}
	e.OnSubmitted = func(string) { u.confirmDialog() }
	return e
}

// TypedKey cancels the dialog on Esc and types every other key.
func (e *dialogEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		e.u.cancelDialog()
		return
	}
	e.Entry.TypedKey(ev)
}
