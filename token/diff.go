package token

import (
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"
)

// Difference is one field in which two tokens differ, with both values as a person reads them.
type Difference struct {
	// Field names it as the CLI's JSON does: "app_id", "services", "rtc.channel", "rtc.uid",
	// "rtc.role", "expire", "rtc.publishAudioStream", ..., "version", "issued_at", "salt".
	Field string `json:"field"`
	A     string `json:"a"`
	B     string `json:"b"`
	// Access is true when the field changes what the token lets its user do: who, where,
	// which service and role, and for how long. The version, issue time and salt do not.
	Access bool `json:"-"`
	// Differs is false for a field that is the same in both, in [Comparison.Fields].
	Differs bool `json:"-"`
	// Lifetime is true when A and B are spans of time, for a program that writes them in
	// its own words: ASeconds and BSeconds then hold them (-1 for a privilege one token
	// does not hold, which A or B writes "absent").
	Lifetime           bool  `json:"-"`
	ASeconds, BSeconds int64 `json:"-"`
}

// Comparison is what [Compare] finds between two tokens.
type Comparison struct {
	// Same is true when the tokens grant the same access: every Difference is one of
	// version, issue time and salt.
	Same bool
	// Differences come in the order that matters for joining: App ID, services, channel,
	// uid or account, role, expiry and privileges, then version, issue time and salt.
	Differences []Difference
	// Fields are every field compared, the same ones included, in the order of Differences,
	// for a side-by-side view.
	Fields []Difference
	// Verdict is one English sentence naming the differences that matter first.
	Verdict string
}

// Compare lists the differences between two tokens that matter for joining, and those that
// do not (version, issue time, salt). A 006 token holds only the CRC32s of its channel and
// uid, so they are compared as checksums when either token is a 006 one.
func Compare(a, b *Parsed) Comparison {
	va, vb := accessOf(a), accessOf(b)
	var fields []Difference
	add := func(field, x, y string, access bool) {
		fields = append(fields, Difference{Field: field, A: x, B: y, Access: access, Differs: x != y})
	}
	span := func(field string, x, y int64) {
		d := Difference{Field: field, A: SpanWords(x), B: SpanWords(y), Access: true, Differs: x != y,
			Lifetime: true, ASeconds: x, BSeconds: y}
		if y < 0 {
			d.B = "absent"
		}
		fields = append(fields, d)
	}
	add("app_id", va.appID, vb.appID, true)
	add("services", strings.Join(va.serviceNames(), "+"), strings.Join(vb.serviceNames(), "+"), true)
	for _, sa := range va.services {
		sb := vb.service(sa.name)
		if sb == nil {
			continue
		}
		for i, fa := range sa.ids {
			fb := sb.ids[i]
			fields = append(fields, Difference{Field: sa.name + "." + fa.name, A: fa.String(), B: fb.String(), Access: true, Differs: !fa.same(fb)})
		}
		if sa.role != "" || sb.role != "" {
			add(sa.name+".role", sa.role, sb.role, true)
		}
	}
	span("expire", va.lifetime, vb.lifetime)
	for _, sa := range va.services {
		sb := vb.service(sa.name)
		if sb == nil {
			continue
		}
		for _, pa := range sa.privileges {
			pb, ok := sb.privilege(pa.name)
			switch {
			case !ok && sa.name == "rtc" && sa.role != sb.role:
				continue // the role says it
			case !ok:
				span(sa.name+"."+pa.name, pa.lifetime, -1)
			case pa.lifetime == va.lifetime && pb.lifetime == vb.lifetime:
				continue // both last as long as their token: expire says it
			default:
				span(sa.name+"."+pa.name, pa.lifetime, pb.lifetime)
			}
		}
	}
	add("version", va.version, vb.version, false)
	add("issued_at", va.issuedAt, vb.issuedAt, false)
	add("salt", strconv.FormatUint(uint64(va.salt), 10), strconv.FormatUint(uint64(vb.salt), 10), false)
	var diffs []Difference
	for _, f := range fields {
		if f.Differs {
			diffs = append(diffs, f)
		}
	}
	c := Comparison{Differences: diffs, Fields: fields, Same: true}
	for _, d := range diffs {
		if d.Access {
			c.Same = false
		}
	}
	c.Verdict = verdict(diffs)
	return c
}

// DifferenceLabel names a difference's field in a sentence: "uid", "expiry", "RTM user id".
func DifferenceLabel(field string) string {
	switch field {
	case "app_id":
		return "App ID"
	case "services":
		return "service"
	case "expire":
		return "expiry"
	case "issued_at":
		return "issue time"
	case "rtc.channel", "rtc.uid", "rtc.role", "version", "salt":
		_, name, _ := strings.Cut(field, ".")
		if name == "" {
			return field
		}
		return name
	}
	service, name, _ := strings.Cut(field, ".")
	id := true
	switch name {
	case "user_id":
		name = "user id"
	case "room_uuid":
		name = "room UUID"
	case "user_uuid":
		name = "user UUID"
	case "channel", "account", "role", "uid", "permissions":
	default:
		id = false
	}
	switch {
	case service == "rtc":
		return name + " expiry"
	case id:
		return strings.ToUpper(service) + " " + name
	}
	return strings.ToUpper(service) + " " + name + " expiry"
}

// verdict says the differences in one sentence, those that change access first.
func verdict(diffs []Difference) string {
	var access, aside []string
	for _, d := range diffs {
		if d.Access {
			access = append(access, fmt.Sprintf("%s (%s vs %s)", DifferenceLabel(d.Field), d.A, d.B))
		} else {
			aside = append(aside, DifferenceLabel(d.Field))
		}
	}
	switch {
	case len(access) > 0:
		return "They differ in " + andList(access) + "."
	case len(aside) > 0:
		return "They grant the same access; only the " + andList(aside) + " differ."
	}
	return "They are the same token."
}

func andList(items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// SignaturesSentence says whether two tokens' signatures verify with the project's
// certificates, from their reports; "" when neither was checked.
func SignaturesSentence(a, b Report) string {
	if a.Signature == SignatureUnchecked && b.Signature == SignatureUnchecked {
		return ""
	}
	say := func(r Report) string {
		switch r.Signature {
		case SignatureValid:
			return "verifies with the " + r.SignedWith + " certificate"
		case SignatureInvalid:
			return "does not verify with the project's certificates"
		}
		return "was not checked"
	}
	sa, sb := say(a), say(b)
	if sa == sb {
		if a.Signature == SignatureValid {
			return "Both signatures verify with the " + a.SignedWith + " certificate."
		}
		return "Neither signature verifies with the project's certificates."
	}
	return "Token A's signature " + sa + "; token B's " + sb + "."
}

// tokenAccess is a token as Compare sees it, the same for both formats.
type tokenAccess struct {
	version, appID, issuedAt string
	salt                     uint32
	lifetime                 int64
	services                 []serviceAccess
}

type serviceAccess struct {
	name       string
	ids        []identity
	role       string
	privileges []privilegeLife
}

// identity is a channel, uid or account: its text when known, always its CRC32.
type identity struct {
	name  string
	text  string
	known bool
	crc   uint32
}

func (i identity) same(o identity) bool {
	if i.known && o.known {
		return i.text == o.text
	}
	return i.crc == o.crc
}

func (i identity) String() string {
	if !i.known {
		return fmt.Sprintf("CRC32 %08x", i.crc)
	}
	if i.name == "uid" && i.text == "" {
		return "0"
	}
	return i.text
}

func known(name, text string) identity {
	return identity{name: name, text: text, known: true, crc: crc32.ChecksumIEEE([]byte(text))}
}

type privilegeLife struct {
	name     string
	lifetime int64 // seconds after issue that it ends, the token's lifetime when 0
}

func (a *tokenAccess) serviceNames() []string {
	names := make([]string, len(a.services))
	for i, s := range a.services {
		names[i] = s.name
	}
	return names
}

func (a *tokenAccess) service(name string) *serviceAccess {
	for i := range a.services {
		if a.services[i].name == name {
			return &a.services[i]
		}
	}
	return nil
}

func (s *serviceAccess) privilege(name string) (privilegeLife, bool) {
	for _, p := range s.privileges {
		if p.name == name {
			return p, true
		}
	}
	return privilegeLife{}, false
}

// life turns a privilege value into how long it lasts after issue, within the token's lifetime.
func life(valueAfterIssue, lifetime int64) int64 {
	if valueAfterIssue <= 0 || valueAfterIssue > lifetime {
		return lifetime
	}
	return valueAfterIssue
}

func accessOf(p *Parsed) tokenAccess {
	if p.V006 != nil {
		return access006(p.V006)
	}
	t := p.V007
	a := tokenAccess{version: Version007, appID: t.AppID, issuedAt: when(int64(t.IssuedAt)), salt: t.Salt, lifetime: int64(t.Expire)}
	for _, s := range t.Services {
		sa := serviceAccess{name: s.Type.String()}
		for _, f := range s.Type.Fields() {
			sa.ids = append(sa.ids, known(f.String(), s.FieldText(f)))
		}
		if s.Type == ServiceRTC {
			sa.role = rtcRole(s.Privileges, PrivPublishAudioStream, PrivPublishVideoStream, PrivPublishDataStream)
		}
		for _, pr := range s.Privileges {
			sa.privileges = append(sa.privileges, privilegeLife{s.Type.PrivilegeName(pr.ID), life(int64(pr.Value), a.lifetime)})
		}
		a.services = append(a.services, sa)
	}
	return a
}

func access006(t *Token006) tokenAccess {
	issued := int64(t.Ts) - Lifetime006
	// A 006 token's ts is always 24 hours after issue; how long it lets a user in is its
	// Life's JoinUntil, which is what a 007 token's expiry is compared with.
	a := tokenAccess{version: Version006, appID: t.AppID, issuedAt: when(issued), salt: t.Salt, lifetime: max(t.Life().JoinUntil-issued, 0)}
	lifeOf := func(v uint32) int64 {
		if v == 0 {
			return a.lifetime
		}
		return life(int64(v)-issued, a.lifetime)
	}
	rtc := serviceAccess{name: ServiceRTC.String(), ids: []identity{{name: "channel", crc: t.CRCChannel}, {name: "uid", crc: t.CRCUID}},
		role: rtcRole(t.Privileges, Priv006PublishAudioStream, Priv006PublishVideoStream, Priv006PublishDataStream)}
	var rtm *serviceAccess
	for _, pr := range t.Privileges {
		if pr.ID == Priv006RtmLogin {
			// A 006 RTM token is signed for its user id in the channel's slot (see Spec.ClientContext).
			rtm = &serviceAccess{name: ServiceRTM.String(), ids: []identity{{name: "user_id", crc: t.CRCChannel}},
				privileges: []privilegeLife{{ServiceRTM.PrivilegeName(PrivLogin), lifeOf(pr.Value)}}}
			continue
		}
		rtc.privileges = append(rtc.privileges, privilegeLife{PrivilegeName006(pr.ID), lifeOf(pr.Value)})
	}
	if _, join := t.Privilege(Priv006JoinChannel); join {
		a.services = append(a.services, rtc)
	}
	if rtm != nil {
		a.services = append(a.services, *rtm)
	}
	if t.CRCUID == crc32.ChecksumIEEE(nil) {
		// uid 0 is written as "" in a 006 token: say so instead of its checksum.
		for i := range a.services {
			if a.services[i].name == "rtc" {
				a.services[i].ids[1] = known("uid", "")
			}
		}
	}
	return a
}

// rtcRole is "publisher" when any of the publish privileges is held, else "subscriber".
func rtcRole(ps []Privilege, publish ...uint16) string {
	for _, id := range publish {
		if _, ok := lookupPrivilege(ps, id); ok {
			return RolePublisher.String()
		}
	}
	return RoleSubscriber.String()
}
