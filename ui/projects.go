package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/tokendesk/tokendesk/store"
	"github.com/tokendesk/tokendesk/token"
)

// projectDialog adds or edits a project of the Build screen: a label, an App ID and the
// certificate, which goes to the keychain.
type projectDialog struct {
	s       *buildScreen
	project store.Project
	editing bool

	label       *widget.Entry
	appID       *widget.Entry
	certificate *widget.Entry
	secondary   *widget.Entry // the project's secondary certificate, optional
	save        *widget.Check
	dialog      *dialog.FormDialog
}

func (s *buildScreen) onAddProject() {
	p := store.Project{AppID: strings.TrimSpace(s.appID.Text)}
	d := s.newProjectDialog(p, false)
	if s.certificateSource == certificateTyped && token.ValidateCertificate(s.certificate.Text) == nil {
		d.certificate.SetText(s.certificate.Text)
	}
	d.dialog.Show()
}

func (s *buildScreen) onEditProject() {
	if p, ok := s.selectedProject(); ok {
		s.newProjectDialog(p, true).dialog.Show()
	}
}

func (s *buildScreen) newProjectDialog(p store.Project, editing bool) *projectDialog {
	d := &projectDialog{s: s, project: p, editing: editing}
	d.label = widget.NewEntry()
	d.label.SetPlaceHolder(lang.L("e.g. Demo app (staging)"))
	d.label.SetText(p.Label)
	d.label.Validator = func(text string) error {
		if strings.TrimSpace(text) == "" {
			return errors.New(lang.L("give the project a name"))
		}
		return nil
	}
	d.appID = widget.NewEntry()
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
	d.certificate = widget.NewPasswordEntry()
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
		return nil
	}
	d.secondary = widget.NewPasswordEntry()
	d.secondary.SetPlaceHolder(lang.L("Optional: a second certificate that also signs this project's tokens"))
	d.secondary.Validator = d.certificate.Validator
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
		widget.NewFormItem("", d.save),
		widget.NewFormItem("", note),
	}
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

func (d *projectDialog) onClosed(ok bool) {
	if !ok {
		return
	}
	s := d.s
	p := d.project
	p.Label = strings.TrimSpace(d.label.Text)
	p.AppID = strings.TrimSpace(d.appID.Text)
	p.Service = s.kind()
	p.Format = s.format.Selected
	if r, err := token.ParseRole(s.role.Selected); err == nil {
		p.Role = r
	}
	if v, err := s.lifetime(); err == nil {
		p.Expire = v
	}
	certificate, secondary, toKeychain := d.certificate.Text, d.secondary.Text, d.save.Checked
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
			case isKeychainUnavailable(certErr):
				s.offerSessionOnly(p.AppID, certificate, certErr)
			default:
				s.ui.showError(certErr)
			}
		})
	})
}

// offerSessionOnly asks whether to keep a certificate in memory when the keychain refused it.
func (s *buildScreen) offerSessionOnly(appID, certificate string, reason error) {
	msg := widget.NewLabel(lang.L("The certificate could not be saved in the keychain: {{.Reason}}\nTokenDesk can keep it in memory until you quit instead.",
		map[string]any{"Reason": sentence(reason)}))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(lang.L("Keychain not available"), lang.L("Use for this session only"), lang.L("Cancel"), msg, func(ok bool) {
		if !ok {
			return
		}
		s.ui.background(func() {
			err := s.ui.deps.Certificates.SetSession(appID, certificate)
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
	d.Show()
}

func (d *projectDialog) onDelete() {
	s := d.s
	p := d.project
	dialog.ShowConfirm(lang.L("Delete project"),
		lang.L("Delete the project {{.Name}}? Its certificates, primary and secondary, are removed from the keychain too; history is kept.",
			map[string]any{"Name": token.Excerpt(p.Label)}),
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
}
