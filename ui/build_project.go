package ui

import (
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// The project and certificate picker of the Build screen. The project menu always shows the
// project of the App ID in the form, if there is one; choosing a project fills the App ID,
// the project's defaults and its certificate.

// Where the certificate in the form came from.
const (
	certificateTyped    = iota // typed (or pasted) by the user
	certificateKeychain        // filled in from the keychain or this session's certificates
)

// setProjects fills the project menu.
func (s *buildScreen) setProjects(projects []store.Project) {
	s.projects = projects
	labels := make([]string, len(projects))
	for i, p := range projects {
		labels[i] = projectOption(p)
	}
	s.projectSelect.Options = labels
	s.projectSelect.Selected = ""
	s.projectSelect.Refresh()
	s.selectProjectOfAppID()
}

func projectOption(p store.Project) string {
	return p.Label + "  ·  " + p.AppID[:min(len(p.AppID), 8)] + "…"
}

func (s *buildScreen) selectedProject() (store.Project, bool) {
	i := s.projectSelect.SelectedIndex()
	if i < 0 || i >= len(s.projects) {
		return store.Project{}, false
	}
	return s.projects[i], true
}

func (s *buildScreen) projectIndex(appID string) int {
	return slices.IndexFunc(s.projects, func(p store.Project) bool { return p.AppID == appID })
}

// selectProjectOfAppID shows in the menu the project of the App ID in the form, or none.
func (s *buildScreen) selectProjectOfAppID() {
	if s.projectSelect == nil {
		return
	}
	i := s.projectIndex(strings.TrimSpace(s.model.Text[inAppID]))
	if i != s.projectSelect.SelectedIndex() {
		if i < 0 {
			s.projectSelect.ClearSelected()
		} else {
			s.projectSelect.SetSelectedIndex(i)
		}
	}
	if i >= 0 {
		s.editProject.Enable()
	} else {
		s.editProject.Disable()
	}
}

// onProjectChosen fills the App ID, the project's defaults and its certificate.
func (s *buildScreen) onProjectChosen(string) {
	p, ok := s.selectedProject()
	if !ok || p.AppID == strings.TrimSpace(s.model.Text[inAppID]) {
		return
	}
	s.model.Text[inAppID] = p.AppID
	s.applyProject(p)
	s.onAppIDChanged()
	s.edited(inAppID)
}

// selectProjectByAppID chooses the project of an App ID, as the user would.
func (s *buildScreen) selectProjectByAppID(appID string) {
	if i := s.projectIndex(appID); i >= 0 {
		s.projectSelect.SetSelectedIndex(i)
	}
}

// applyProject sets the form's choices to the project's defaults.
func (s *buildScreen) applyProject(p store.Project) {
	m := &s.model
	if p.Service != "" {
		m.setKind(p.Service)
	}
	if p.Format != "" && m.Kind.Supports006() {
		m.setFormat(p.Format)
	}
	if p.Service != "" && slices.Contains(m.roles(), p.Role) {
		m.Role = p.Role
	}
	if p.Expire != 0 {
		m.setLifetime(p.Expire)
	}
}

func (s *buildScreen) projectLabel(appID string) string {
	if i := s.projectIndex(appID); i >= 0 {
		return s.projects[i].Label
	}
	return ""
}

// onAppIDChanged forgets a certificate of another App ID and fetches this one's from the
// keychain.
func (s *buildScreen) onAppIDChanged() {
	appID := strings.TrimSpace(s.model.Text[inAppID])
	if s.certificateSource == certificateKeychain {
		s.model.Text[inCertificate] = ""
	}
	s.primaryCert, s.secondaryCert = "", ""
	s.useSecondary.Checked = false // without its callback: nothing to put back
	s.useSecondary.Hide()
	s.lookupSeq++
	if token.ValidateAppID(appID) != nil {
		return
	}
	seq := s.lookupSeq
	s.ui.background(func() {
		cert, err := s.ui.deps.Certificates.Get(appID)
		secondary, _ := s.ui.deps.Certificates.Get(store.SecondaryKey(appID))
		fyne.Do(func() {
			if seq != s.lookupSeq {
				return
			}
			if err == nil {
				s.primaryCert = cert
			}
			if token.ValidateCertificate(secondary) == nil {
				s.secondaryCert = secondary
				s.useSecondary.Show()
			}
			s.onCertificateFound(cert, err)
		})
	})
}

// onUseSecondary signs with the project's secondary certificate, or back with its primary.
// Build uses the primary unless the user picks the secondary here.
func (s *buildScreen) onUseSecondary(on bool) {
	switch {
	case on && s.secondaryCert != "":
		s.setCertificate(s.secondaryCert, certificateKeychain)
	case !on && s.certificateSource == certificateKeychain:
		s.setCertificate(s.primaryCert, certificateKeychain)
	}
	s.update()
}

// setCertificate puts a certificate in the form, saying where it came from; update shows it.
func (s *buildScreen) setCertificate(cert string, source int) {
	s.model.Text[inCertificate] = cert
	s.certificateSource = source
}

func (s *buildScreen) onCertificateFound(cert string, err error) {
	s.keychainProblem = nil
	switch {
	case err == nil:
		if s.model.Text[inCertificate] == "" || s.certificateSource == certificateKeychain {
			s.setCertificate(cert, certificateKeychain)
		}
	case isNotFound(err):
	default:
		s.keychainProblem = err
		if !isKeychainUnavailable(err) {
			fyne.LogError("reading the certificate", err)
		}
	}
	s.update()
}

// renderCertificateHint says where the certificate comes from, or what is wrong with it.
// Why the keychain cannot be read is said once, in the banner when there is one, and only
// while no certificate is typed.
func (s *buildScreen) renderCertificateHint() {
	hint := s.hints[inCertificate]
	text := strings.TrimSpace(s.model.Text[inCertificate])
	err := token.ValidateCertificate(text)
	switch {
	case text != "" && err != nil:
		setHint(hint, sentence(err), true)
	case s.certificateSource == certificateKeychain && text != "" && text == s.secondaryCert && s.useSecondary.Checked:
		setHint(hint, lang.L("The project's secondary certificate, from the keychain."), false)
	case s.certificateSource == certificateKeychain && text != "":
		setHint(hint, lang.L("From the keychain for this App ID."), false)
	case text != "":
		setHint(hint, lang.L("Used for this session only; add a project to keep it in the keychain."), false)
	case s.ui.keychainErr != nil:
		setHint(hint, lang.L("Type the certificate: without the keychain, it is kept for this session only."), false)
	case s.keychainProblem != nil:
		setHint(hint, lang.L("The keychain could not be read: {{.Reason}} A certificate typed here is used for this session only.",
			map[string]any{"Reason": sentence(s.keychainProblem)}), true)
	case token.ValidateAppID(strings.TrimSpace(s.model.Text[inAppID])) == nil:
		setHint(hint, lang.L("No certificate is saved for this App ID: type it here, or save it with a project."), false)
	default:
		setHint(hint, "", false)
	}
}

// projectDialog adds or edits a project of the Build screen: a label, an App ID and the
// certificate, which goes to the keychain.
type projectDialog struct {
	s       *buildScreen
	project store.Project
	editing bool

	label       *dialogEntry
	appID       *dialogEntry
	certificate *dialogEntry
	secondary   *dialogEntry // the project's secondary certificate, optional
	// dropSecondary removes the saved secondary certificate, once a rotation is over; nil
	// when the project has none saved.
	dropSecondary *widget.Check
	save          *widget.Check
	dialog        *dialog.FormDialog
}

func (s *buildScreen) onAddProject() {
	p := store.Project{AppID: strings.TrimSpace(s.model.Text[inAppID])}
	d := s.newProjectDialog(p, false)
	if certificate := strings.TrimSpace(s.model.Text[inCertificate]); s.certificateSource == certificateTyped && token.ValidateCertificate(certificate) == nil {
		d.certificate.SetText(certificate)
	}
	d.show()
}

func (s *buildScreen) onEditProject() {
	if p, ok := s.selectedProject(); ok {
		s.newProjectDialog(p, true).show()
	}
}

// show shows the dialog with the cursor in its first field.
func (d *projectDialog) show() {
	d.s.ui.showDialog(d.dialog, d.label)
}

func (s *buildScreen) newProjectDialog(p store.Project, editing bool) *projectDialog {
	d := &projectDialog{s: s, project: p, editing: editing}
	d.label = s.ui.newDialogEntry(false)
	d.label.SetPlaceHolder(lang.L("e.g. Demo app (staging)"))
	d.label.SetText(p.Label)
	d.label.Validator = func(text string) error {
		if strings.TrimSpace(text) == "" {
			return errors.New(lang.L("give the project a name"))
		}
		return nil
	}
	d.appID = s.ui.newDialogEntry(false)
	d.appID.SetPlaceHolder(lang.L("32 hexadecimal characters"))
	d.appID.SetText(p.AppID)
	d.appID.Validator = func(text string) error {
		if err := token.ValidateAppID(strings.TrimSpace(text)); err != nil {
			return errors.New(sentence(err))
		}
		return nil
	}
	if editing {
		// The keychain entry is keyed by App ID: a new App ID is a new project.
		d.appID.Disable()
	}
	d.certificate = s.ui.newDialogEntry(true)
	if editing {
		d.certificate.SetPlaceHolder(lang.L("Leave empty to keep the saved certificate"))
	} else {
		d.certificate.SetPlaceHolder(lang.L("32 hexadecimal characters"))
	}
	d.certificate.Validator = func(text string) error {
		if text == "" {
			return nil
		}
		if err := token.ValidateCertificate(text); err != nil {
			return errors.New(sentence(err))
		}
		if strings.EqualFold(text, strings.TrimSpace(d.appID.Text)) {
			return errors.New(lang.L("this is the App ID; the App Certificate is another value"))
		}
		return nil
	}
	d.secondary = s.ui.newDialogEntry(true)
	d.secondary.SetPlaceHolder(lang.L("Optional, while certificates rotate"))
	d.secondary.Validator = func(text string) error {
		if err := d.certificate.Validator(text); err != nil {
			return err
		}
		if text != "" && strings.EqualFold(text, d.certificate.Text) {
			return errors.New(lang.L("this is the primary certificate again"))
		}
		return nil
	}
	if editing && s.secondaryCert != "" && p.AppID == strings.TrimSpace(s.model.Text[inAppID]) {
		d.secondary.SetPlaceHolder(lang.L("Leave empty to keep the saved certificate"))
		d.dropSecondary = widget.NewCheck(lang.L("Remove the saved secondary certificate"), func(on bool) {
			if on {
				d.secondary.SetText("")
				d.secondary.Disable()
			} else {
				d.secondary.Enable()
			}
		})
	}
	d.save = widget.NewCheck(lang.L("Save the certificate in the keychain"), nil)
	d.save.SetChecked(true)
	if s.ui.keychainErr != nil {
		d.save.SetChecked(false)
		d.save.Disable()
		d.save.Text = lang.L("Keychain not available: the certificate is kept for this session only")
	}
	note := noteLabel(lang.L("The service, format, role and expiry chosen now become the project's defaults."))
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Name"), d.label),
		widget.NewFormItem(lang.L("App ID"), d.appID),
		widget.NewFormItem(lang.L("Certificate"), d.certificate),
		widget.NewFormItem(lang.L("Secondary certificate"), d.secondary),
	}
	if d.dropSecondary != nil {
		items = append(items, widget.NewFormItem("", d.dropSecondary))
	}
	items = append(items, widget.NewFormItem("", d.save), widget.NewFormItem("", note))
	title := lang.L("Add project")
	if editing {
		title = lang.L("Edit project")
		remove := widget.NewButton(lang.L("Delete this project…"), d.onDelete)
		remove.Importance = widget.DangerImportance
		items = append(items, widget.NewFormItem("", remove))
	}
	d.dialog = dialog.NewForm(title, lang.L("Save"), lang.L("Cancel"), items, d.onClosed, s.ui.win)
	d.dialog.Resize(fyne.NewSize(560, 0))
	return d
}

// onClosed saves the project, with the form's choices as its defaults: typed values from
// the model, never a label read back.
func (d *projectDialog) onClosed(ok bool) {
	if !ok {
		return
	}
	// Fyne's form enables Save as soon as the field last typed in is valid, even when
	// another is not: nothing is saved until every field is, and the dialog stays.
	for _, e := range [...]*dialogEntry{d.label, d.appID, d.certificate, d.secondary} {
		if e.Validate() != nil {
			d.s.ui.showDialog(d.dialog, e)
			return
		}
	}
	s := d.s
	p := d.project
	p.Label = strings.TrimSpace(d.label.Text)
	p.AppID = strings.TrimSpace(d.appID.Text)
	p.Service = s.model.Kind
	p.Format = s.model.Format
	p.Role = s.model.Role
	if v, err := s.model.lifetime(); err == nil {
		p.Expire = v
	}
	certificate, secondary, toKeychain := d.certificate.Text, d.secondary.Text, d.save.Checked
	drop := d.dropSecondary != nil && d.dropSecondary.Checked
	certificates, projects := s.ui.deps.Certificates, s.ui.deps.Projects
	s.ui.background(func() {
		err := projects.SaveProject(&p)
		var certErr error
		for _, c := range [...]struct{ key, value string }{{p.AppID, certificate}, {store.SecondaryKey(p.AppID), secondary}} {
			if err != nil || c.value == "" || certErr != nil {
				continue
			}
			if toKeychain {
				certErr = certificates.Set(c.key, c.value)
			} else {
				certErr = certificates.SetSession(c.key, c.value)
			}
		}
		if err == nil && certErr == nil && drop {
			if e := certificates.Delete(store.SecondaryKey(p.AppID)); !errors.Is(e, store.ErrNotFound) {
				certErr = e
			}
		}
		list, listErr := projects.Projects()
		fyne.Do(func() {
			if err != nil {
				s.ui.showError(errors.New(lang.L("The project could not be saved: {{.Reason}}", map[string]any{"Reason": sentence(err)})))
				return
			}
			if listErr == nil {
				s.setProjects(list)
			}
			s.selectProjectByAppID(p.AppID)
			switch {
			case certErr == nil:
				if (certificate != "" || secondary != "" || drop) && p.AppID == strings.TrimSpace(s.model.Text[inAppID]) {
					s.onAppIDChanged()
				}
			case isKeychainUnavailable(certErr):
				s.offerSessionOnly(p.AppID, certificate, secondary, certErr)
			default:
				s.ui.showError(certErr)
			}
		})
	})
}

// offerSessionOnly asks whether to keep a project's certificates (the secondary "" for none)
// in memory when the keychain refused them.
func (s *buildScreen) offerSessionOnly(appID, certificate, secondary string, reason error) {
	msg := widget.NewLabel(lang.L("The certificate could not be saved in the keychain: {{.Reason}}\nTokenDesk can keep it in memory until you quit instead.",
		map[string]any{"Reason": sentence(reason)}))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(lang.L("Keychain not available"), lang.L("Use for this session only"), lang.L("Cancel"), msg, func(ok bool) {
		if !ok {
			return
		}
		s.ui.background(func() {
			var err error
			if certificate != "" {
				err = s.ui.deps.Certificates.SetSession(appID, certificate)
			}
			if err == nil && secondary != "" {
				err = s.ui.deps.Certificates.SetSession(store.SecondaryKey(appID), secondary)
			}
			fyne.Do(func() {
				if err != nil {
					s.ui.showError(err)
					return
				}
				s.onAppIDChanged()
				s.update()
			})
		})
	}, s.ui.win)
	d.Resize(fyne.NewSize(520, 0))
	s.ui.showDialog(d, nil)
}

func (d *projectDialog) onDelete() {
	s := d.s
	p := d.project
	confirm := dialog.NewConfirm(lang.L("Delete project"),
		lang.L("Delete the project {{.Name}}? Its certificates, primary and secondary, are removed from the keychain too; history is kept.",
			map[string]any{"Name": excerpt(p.Label)}),
		func(ok bool) {
			if !ok {
				return
			}
			d.dialog.Hide()
			s.ui.background(func() {
				err := s.ui.deps.Projects.DeleteProject(p.AppID, s.ui.deps.Certificates)
				list, listErr := s.ui.deps.Projects.Projects()
				fyne.Do(func() {
					if err != nil {
						s.ui.showError(err)
					}
					if listErr == nil {
						s.setProjects(list)
					}
					s.onAppIDChanged()
					s.update()
				})
			})
		}, s.ui.win)
	s.ui.showDialog(confirm, nil)
}
