package token_test

import (
	"fmt"
	"time"

	"github.com/tokendesk/tokendesk/token"
)

// The seed document's flow: a SimpleTokenBuilder for a channel and uid, privileges from a
// role, and InitTokenBuilder restoring an earlier token's salt and times so that BuildToken
// gives that very token again.
func ExampleSimpleTokenBuilder() {
	const earlier = "006970CA35de60c44645bbae8a215061b33IACbU9ODDzrR1Rb/YqiPobolLeGTnkhZ2KHPur8bQ9cTvLdIfRBXoFHlIgABAAAAR/QQAAQAAQAAAAAAAgAAAAAAAwAAAAAABAAAAAAA"
	builder := token.CreateSimpleTokenBuilder("970CA35de60c44645bbae8a215061b33", "5CFd2fd1755d40ecb72977518be15d3b",
		"7d72365eb983485397e3e3f9d460bdda", 2882341273)
	if err := builder.InitPrivileges(token.SimpleAttendee); err != nil {
		fmt.Println(err)
		return
	}
	if err := builder.InitTokenBuilder(earlier); err != nil {
		fmt.Println(err)
		return
	}
	again, err := builder.BuildToken()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(again == earlier)
	// Output: true
}

// A 007 RTC token for a publisher, as Agora's buildTokenWithUid makes it, read back.
func ExampleSpec_Build() {
	spec := token.Spec{
		Kind:            token.KindRTC,
		AppID:           "970CA35de60c44645bbae8a215061b33",
		Channel:         "7d72365eb983485397e3e3f9d460bdda",
		UID:             2882341273,
		Role:            token.RolePublisher,
		Expire:          3600,
		PrivilegeExpire: 3600,
		IssuedAt:        1700000000, // a fresh build calls spec.Stamp(time.Now()) instead
		Salt:            1,
	}
	text, err := spec.Build("5CFd2fd1755d40ecb72977518be15d3b")
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := token.Parse(text)
	if err != nil {
		fmt.Println(err)
		return
	}
	rtc := p.V007.Service(token.ServiceRTC)
	fmt.Println(p.Version(), rtc.Channel, rtc.UID, len(rtc.Privileges), "privileges")
	fmt.Println(p.V007.Verify("5CFd2fd1755d40ecb72977518be15d3b"))
	// Output:
	// 007 7d72365eb983485397e3e3f9d460bdda 2882341273 4 privileges
	// <nil>
}

// Diagnose explains why a customer's token fails: here the client joins with another uid,
// and the token has expired.
func ExampleDiagnose() {
	spec := token.Spec{Kind: token.KindRTC, AppID: "970CA35de60c44645bbae8a215061b33", Channel: "room 1", UID: 42,
		Role: token.RoleSubscriber, Expire: 3600, PrivilegeExpire: 3600, IssuedAt: 1700000000, Salt: 424242}
	text, _ := spec.Build("5CFd2fd1755d40ecb72977518be15d3b")
	p, _ := token.Parse(text)
	report := token.Diagnose(p, token.Context{Channel: "room 1", UID: "43"}, time.Unix(1700007200, 0))
	for _, f := range report.Findings {
		fmt.Println(f.Severity, f.Code)
	}
	// Output:
	// error expired
	// error uid-mismatch
	// info signature-unchecked
	// info subscriber-without-publish
}

// RecoverUIDs finds every numeric uid a 006 token may be for, from the CRC32 it holds.
func ExampleRecoverUIDs() {
	p, _ := token.Parse("006970CA35de60c44645bbae8a215061b33IACV0fZUBw+72cVoL9eyGGh3Q6Poi8bgjwVLnyKSJyOXR7dIfRBXoFHlEAABAAAAR/QQAAEAAQCvKDdW")
	fmt.Println(token.RecoverUIDs(p.V006.CRCUID))
	// Output: [74924804 273003742 2211499197 2882341273 3964757622]
}
