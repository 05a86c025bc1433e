package ui

import (
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/tokendesk/tokendesk/token"
)

// formInput names a text input of the Build form.
type formInput int

// The text inputs of the Build form, in the order of the form.
const (
	inAppID formInput = iota
	inCertificate
	inChannel
	inUser // the uid, or the account when buildModel.Account is set
	inUserID
	inRoom
	inClassroomRole
	inCustomLifetime
	inPrivilegeLifetime
	inJoin
	inAudio
	inVideo
	inData
	inIssuedAt
	inSalt
	inputCount
)

// perPrivilegeInputs are the inputs of RTC's four privileges' own lifetimes.
var perPrivilegeInputs = [...]formInput{inJoin, inAudio, inVideo, inData}

// expiryPresets are the lifetimes offered with one click, in seconds.
var expiryPresets = []uint32{10 * 60, 60 * 60, 12 * 60 * 60, 24 * 60 * 60}

// customLifetime is the buildModel.Lifetime that stands for "a lifetime typed in".
const customLifetime = 0

// freshMargin is how long a token must still have to live when it is built, for Build not to
// ask first.
const freshMargin = time.Minute

// buildModel is what the user chose on the Build screen, as typed values. The form's widgets
// show it and write to it; nothing is read back from a widget's label.
type buildModel struct {
	Kind    token.Kind
	Format  string // token.Version007 or token.Version006
	Account bool   // the user row holds an account rather than a uid
	Role    token.Role
	// Lifetime is the preset chosen under "Expires after", in seconds, or customLifetime
	// when the lifetime is typed into inCustomLifetime.
	Lifetime uint32
	// Text is what was typed in each input.
	Text [inputCount]string

	// Kept006 and KeptRTM2 are what a loaded token held that the form has no input for.
	Kept006  []token.Privilege
	KeptRTM2 []token.RTM2Resource
}

// newBuildModel returns the form's defaults: an RTC publisher token for an hour.
func newBuildModel() buildModel {
	return buildModel{Kind: token.KindRTC, Format: token.Version007, Role: token.RolePublisher, Lifetime: 60 * 60}
}

func (m *buildModel) is006() bool { return m.Format == token.Version006 }

// inputs says what the chosen service takes in the chosen format.
func (m *buildModel) inputs() token.Inputs { return token.ServiceInputs(m.Kind, m.Format) }

// roles are the roles the chosen service and format offer.
func (m *buildModel) roles() []token.Role {
	if r := m.inputs().Roles; r != nil {
		return r
	}
	return []token.Role{token.RolePublisher}
}

// setKind chooses a service, and the 007 format for one that has no 006 tokens. A lifetime
// left at the old service's default becomes the new one's (FPA's is 24 hours, as the
// official FpaTokenBuilder gives).
func (m *buildModel) setKind(k token.Kind) {
	before, after := m.inputs().DefaultLifetime, token.ServiceInputs(k, m.Format).DefaultLifetime
	if v, err := m.lifetime(); err == nil && v == before && before != after {
		m.setLifetime(after)
	}
	m.Kind = k
	if !k.Supports006() {
		m.Format = token.Version007
	}
	m.keepRole()
}

// setFormat chooses a format, keeping the role when the format offers it; a service without
// 006 tokens stays at 007.
func (m *buildModel) setFormat(format string) {
	if m.Kind.Supports006() {
		m.Format = format
	}
	m.keepRole()
}

func (m *buildModel) keepRole() {
	if !slices.Contains(m.roles(), m.Role) {
		m.Role = token.RolePublisher
	}
}

// setLifetime chooses the preset for seconds, or types it in when no preset has it.
func (m *buildModel) setLifetime(seconds uint32) {
	if slices.Contains(expiryPresets, seconds) {
		m.Lifetime, m.Text[inCustomLifetime] = seconds, ""
		return
	}
	m.Lifetime, m.Text[inCustomLifetime] = customLifetime, strconv.FormatUint(uint64(seconds), 10)
}

// lifetime is the lifetime chosen under "Expires after", in seconds.
func (m *buildModel) lifetime() (uint32, error) {
	if m.Lifetime != customLifetime {
		return m.Lifetime, nil
	}
	return parseLifetime(m.Text[inCustomLifetime])
}

// checked lists the inputs the chosen service shows, in the order of the form.
func (m *buildModel) checked() []formInput {
	out := []formInput{inAppID, inCertificate}
	in := m.inputs()
	if in.Channel {
		out = append(out, inChannel)
	}
	if in.UID {
		out = append(out, inUser)
	}
	if in.UserID {
		out = append(out, inUserID)
	}
	if in.Room {
		out = append(out, inRoom, inClassroomRole)
	}
	if m.Lifetime == customLifetime {
		out = append(out, inCustomLifetime)
	}
	if in.PrivilegeLifetime {
		out = append(out, inPrivilegeLifetime)
	}
	if in.RTCPrivileges {
		out = append(out, perPrivilegeInputs[:]...)
	}
	return append(out, inIssuedAt, inSalt)
}

// check says what is wrong with one input, or nil.
func (m *buildModel) check(in formInput) error {
	text := m.Text[in]
	switch in {
	case inAppID:
		return token.ValidateAppID(strings.TrimSpace(text))
	case inCertificate:
		return token.ValidateCertificate(strings.TrimSpace(text))
	case inChannel:
		return token.ValidateChannel(text)
	case inUser:
		if m.Account {
			return token.ValidateAccount(text)
		}
		_, err := m.uid()
		return err
	case inUserID:
		if text == "" && m.inputs().UserIDFromAccount {
			if m.Account && m.Text[inUser] != "" {
				return nil
			}
			return errors.New(lang.L("an rtc+rtm token needs a user ID to log in to RTM, or an account to use as one"))
		}
		return renamed(token.ValidateAccount(text), fieldUserID)
	case inRoom:
		return renamed(token.ValidateAccount(text), fieldRoom)
	case inClassroomRole:
		_, err := m.classroomRole()
		return err
	case inCustomLifetime:
		v, err := parseLifetime(text)
		if err == nil && v == 0 && !m.is006() {
			return errors.New(lang.L("a token that lives 0 seconds has expired before it is used"))
		}
		return err
	case inPrivilegeLifetime, inJoin, inAudio, inVideo, inData:
		if strings.TrimSpace(text) == "" {
			return nil
		}
		_, err := parseLifetime(text)
		return err
	case inIssuedAt:
		if strings.TrimSpace(text) == "" {
			return nil
		}
		_, err := parseIssuedAt(text)
		return err
	case inSalt:
		if strings.TrimSpace(text) == "" {
			return nil
		}
		_, err := parseSalt(text)
		return err
	}
	return nil
}

// uid reads the uid input: spaces around it do not count, as in Decode, and an empty one is
// uid 0, which lets any user join.
func (m *buildModel) uid() (uint32, error) {
	text := strings.TrimSpace(m.Text[inUser])
	if text == "" {
		return 0, nil
	}
	return token.ParseUID(text)
}

func (m *buildModel) classroomRole() (int16, error) {
	v, err := strconv.ParseInt(strings.TrimSpace(m.Text[inClassroomRole]), 10, 16)
	if err != nil {
		return 0, errors.New(lang.L("the classroom role is a whole number, such as 1 for a teacher or 2 for a student"))
	}
	return int16(v), nil
}

// missing says what to type when a required input is empty, or "" when it is not.
func (m *buildModel) missing(in formInput) string {
	if m.Text[in] != "" {
		return ""
	}
	switch in {
	case inAppID:
		return lang.L("Choose a project or type an App ID to build.")
	case inCertificate:
		return lang.L("Type the App Certificate to build.")
	case inChannel:
		return lang.L("Type a channel name to build.")
	case inUser:
		return lang.L("Type a uid (0 for any user) or an account to build.")
	case inUserID:
		return lang.L("Type a user ID to build.")
	case inRoom:
		return lang.L("Type a room UUID to build.")
	}
	return ""
}

// reproducing reports whether the form holds the issue time of a token to build again
// exactly, rather than leaving it to the moment of the build.
func (m *buildModel) reproducing() bool { return strings.TrimSpace(m.Text[inIssuedAt]) != "" }

// dropReproduce forgets the issue time and salt, so that the next build is a fresh token,
// and reports whether there were any.
func (m *buildModel) dropReproduce() bool {
	had := m.Text[inIssuedAt] != "" || m.Text[inSalt] != ""
	m.Text[inIssuedAt], m.Text[inSalt] = "", ""
	return had
}

// changesToken reports whether editing the input gives another token than the one whose
// issue time and salt are being reproduced: every input but those two and the certificate,
// which signs the same content either way.
func changesToken(in formInput) bool {
	return in != inIssuedAt && in != inSalt && in != inCertificate
}

// spec turns the model into a spec. Issue time and salt stay zero when their inputs are
// empty: a build stamps them.
func (m *buildModel) spec() (token.Spec, error) {
	spec := token.Spec{Format: m.Format, Kind: m.Kind, AppID: strings.TrimSpace(m.Text[inAppID])}
	in := m.inputs()
	var err error
	if in.Channel {
		spec.Channel = m.Text[inChannel]
	}
	if in.UID {
		if m.Account {
			spec.Account = m.Text[inUser]
		} else if spec.UID, err = m.uid(); err != nil {
			return spec, err
		}
	}
	if in.UserID {
		spec.UserID = m.Text[inUserID]
	}
	if in.Room {
		spec.RoomUUID = m.Text[inRoom]
		if spec.APaaSRole, err = m.classroomRole(); err != nil {
			return spec, err
		}
	}
	spec.Role = token.RolePublisher
	if in.UsesRole() {
		spec.Role = m.Role
	}
	lifetime, err := m.lifetime()
	if err != nil {
		return spec, err
	}
	if m.is006() {
		spec.Expire, spec.PrivilegeExpire = token.Lifetime006, lifetime
		spec.Privileges006 = slices.Clone(m.Kept006)
	} else {
		spec.Expire = lifetime
		if spec.PrivilegeExpire, err = m.optionalLifetime(inPrivilegeLifetime, lifetime); err != nil {
			return spec, err
		}
	}
	if in.RTCPrivileges && m.perPrivilegeSet() {
		var p token.PrivilegeExpires
		for i, v := range []*uint32{&p.Join, &p.Audio, &p.Video, &p.Data} {
			if *v, err = m.optionalLifetime(perPrivilegeInputs[i], spec.PrivilegeExpire); err != nil {
				return spec, err
			}
		}
		spec.PerPrivilege = &p
	}
	if spec.Kind == token.KindRTM2 {
		spec.RTM2 = slices.Clone(m.KeptRTM2)
	}
	if strings.TrimSpace(m.Text[inIssuedAt]) != "" {
		if spec.IssuedAt, err = parseIssuedAt(m.Text[inIssuedAt]); err != nil {
			return spec, err
		}
	}
	if strings.TrimSpace(m.Text[inSalt]) != "" {
		if spec.Salt, err = parseSalt(m.Text[inSalt]); err != nil {
			return spec, err
		}
	}
	return spec, spec.Validate()
}

// optionalLifetime reads an advanced lifetime, which is def when empty.
func (m *buildModel) optionalLifetime(in formInput, def uint32) (uint32, error) {
	if strings.TrimSpace(m.Text[in]) == "" {
		return def, nil
	}
	return parseLifetime(m.Text[in])
}

func (m *buildModel) perPrivilegeSet() bool {
	for _, in := range perPrivilegeInputs {
		if strings.TrimSpace(m.Text[in]) != "" {
			return true
		}
	}
	return false
}

// load fills the model from a spec, so that the spec is what it gives: with the spec's issue
// time and salt when exact is set, or for a fresh token when not.
func (m *buildModel) load(spec *token.Spec, exact bool) {
	certificate := m.Text[inCertificate]
	*m = buildModel{Kind: spec.Kind, Format: token.Version007, Role: spec.Role, Account: spec.Account != ""}
	if spec.Is006() {
		m.Format = token.Version006
	}
	m.Text[inCertificate] = certificate
	m.Text[inAppID] = spec.AppID
	m.Text[inChannel] = spec.Channel
	if m.Account {
		m.Text[inUser] = spec.Account
	} else {
		m.Text[inUser] = strconv.FormatUint(uint64(spec.UID), 10)
	}
	m.Text[inUserID] = spec.UserID
	m.Text[inRoom] = spec.RoomUUID
	m.Text[inClassroomRole] = strconv.Itoa(int(spec.APaaSRole))
	if spec.Is006() {
		m.setLifetime(spec.PrivilegeExpire)
	} else {
		m.setLifetime(spec.Expire)
		if spec.PrivilegeExpire != spec.Expire {
			m.Text[inPrivilegeLifetime] = strconv.FormatUint(uint64(spec.PrivilegeExpire), 10)
		}
	}
	if p := spec.PerPrivilege; p != nil {
		for i, v := range []uint32{p.Join, p.Audio, p.Video, p.Data} {
			m.Text[perPrivilegeInputs[i]] = strconv.FormatUint(uint64(v), 10)
		}
	}
	if exact {
		m.Text[inIssuedAt] = strconv.FormatUint(uint64(spec.IssuedAt), 10)
		m.Text[inSalt] = strconv.FormatUint(uint64(spec.Salt), 10)
	}
	m.Kept006 = slices.Clone(spec.Privileges006)
	m.KeptRTM2 = slices.Clone(spec.RTM2)
	m.keepRole()
}

// advancedInUse reports whether an input of the Advanced section holds something.
func (m *buildModel) advancedInUse() bool {
	for _, in := range []formInput{inPrivilegeLifetime, inJoin, inAudio, inVideo, inData, inIssuedAt, inSalt} {
		if m.Text[in] != "" {
			return true
		}
	}
	return m.Kept006 != nil || m.KeptRTM2 != nil
}

// builds reports whether the model, as it is now, gives the token built from spec with
// certificate: the same inputs and, when it reproduces one, the same issue time and salt.
func (m *buildModel) builds(built token.Spec, certificate string) bool {
	spec, err := m.spec()
	if err != nil || strings.TrimSpace(m.Text[inCertificate]) != certificate {
		return false
	}
	if strings.TrimSpace(m.Text[inIssuedAt]) == "" {
		spec.IssuedAt = built.IssuedAt
	}
	if strings.TrimSpace(m.Text[inSalt]) == "" {
		spec.Salt = built.Salt
	}
	return reflect.DeepEqual(spec, built)
}

// stamp gives a spec the issue time of now and a fresh salt where the model leaves them to
// the build.
func (m *buildModel) stamp(spec *token.Spec, now time.Time, newSalt func() (uint32, error)) error {
	if strings.TrimSpace(m.Text[inIssuedAt]) == "" {
		unix := now.Unix()
		if unix < 0 || unix > 0xFFFFFFFF {
			return errors.New(lang.L("The clock of this computer is outside the years a token can hold (1970 to 2106)."))
		}
		spec.IssuedAt = uint32(unix)
	}
	if strings.TrimSpace(m.Text[inSalt]) == "" {
		salt, err := newSalt()
		if err != nil {
			return err
		}
		spec.Salt = salt
	}
	return nil
}

// joinEnds is when a token built from the spec stops letting a user join: for 006, whose
// own 24-hour expiry says little, when its join privilege ends.
func joinEnds(s *token.Spec) time.Time { return unixTime(s.Life().JoinUntil) }

// bornExpired reports whether a token built from the spec at now would let nobody join, or
// only for less than freshMargin.
func bornExpired(s *token.Spec, now time.Time) bool {
	return joinEnds(s).Sub(now) < freshMargin
}
