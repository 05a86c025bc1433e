// Package token builds, reads, verifies and explains Agora access tokens, byte for byte as
// Agora's official builders make them. It uses nothing but the standard library.
//
// Two formats are in use:
//
//   - 006 (AccessToken): "006", the App ID in plain text, then base64 of a signature, the
//     CRC32s of the channel and uid, and a message of salt, expiry and privileges with
//     absolute expiry times. The channel and uid themselves are not in the token, so a 006
//     signature can only be checked when they are given ([Token006.Verify]); [RecoverUIDs]
//     finds every numeric uid the token may be for.
//   - 007 (AccessToken2): "007" then base64 of zlib-compressed content: a signature, the App
//     ID, issue time, lifetime, salt and a list of services (RTC, RTM, Chat, ...) whose
//     privileges hold lifetimes relative to the issue time.
//
// [Spec] holds the inputs of one of Agora's builders (a [Kind]) plus the issue time and salt;
// [Spec.Build] signs it, and building the same spec again gives the same token. [Parse] reads
// either format, [SpecFrom] turns a parsed token back into a spec, and [Diagnose] lists what
// is wrong with a token, or worth knowing, as plain English sentences, each with its template
// and values for a program that says it in another language. The seed document's
// [SimpleTokenBuilder] is here too, with its InitTokenBuilder.
//
// The rules a command line or a window needs around the builders have their one home here
// too: [ParseLifetime] and [ParseTime] read what people type, [ServiceInputs] says which inputs
// and roles a kind of token takes, [Spec.Life] and [Parsed.Life] say until when a token lets a
// user join (for 006, its join privilege, not its 24-hour ts), and [ServiceType.Fields] lists
// what each service holds. Errors a person reads have a Sentence without the package's name;
// those a program decides on are typed ([InputError], [LifetimeError], [ParseError]).
//
// Time and randomness come from the caller: a Spec carries its issue time and salt
// ([Spec.Stamp] sets them from a clock), and Diagnose takes the moment to judge at.
package token
