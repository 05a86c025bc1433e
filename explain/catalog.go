package explain

import "slices"

// Kind is what an error or callback says about a token, for the findings that join errors
// with the tokens found beside them.
type Kind int

// Kinds of catalogue entries.
const (
	KindInvalidToken   Kind = iota + 1 // the server refused the token
	KindExpired                        // the token's time is up
	KindWillExpire                     // the SDK warns the token is about to expire
	KindInvalidAppID                   // the App ID is unknown or malformed
	KindInvalidChannel                 // the channel name is not one Agora accepts
	KindInvalidAccount                 // the user account is not one Agora accepts
	KindCertificateOn                  // the project needs a token, and none was sent
	KindCertificateOff                 // the project takes no token, and one was sent
	KindRejected                       // the server turned the user away
	KindTokenArgument                  // the SDK refused the token argument before sending it
	KindGateway                        // the Web SDK could not reach a gateway; the message says why
)

// SDK families that emit an entry, as Entry.SDKs and the JSON write them.
const (
	SDKNative = "native" // Android, iOS, macOS, Windows, and the Flutter, React Native, Unity and Electron wrappers
	SDKWeb    = "web"    // the Web SDK (AgoraRTC 4.x messages, 3.x codes)
	SDKRTM    = "rtm"    // the Signaling (RTM) SDKs
)

// Text is a sentence in English and in Simplified Chinese.
type Text struct {
	EN string
	ZH string
}

// Entry is one error, reason or callback of an Agora SDK that concerns tokens: how the SDK
// names it, what it means and how to fix it. The names and numbers are Agora's (from its API
// references and its page on token-related errors); the sentences are TokenDesk's own.
type Entry struct {
	// Code is the number the SDK gives it, when HasCode.
	Code    int
	HasCode bool
	// Name is the SDK's own constant, callback or message key, as it appears in logs.
	Name string
	SDKs []string
	Kind Kind
	// RTM is true for an RTM login or renewal error: the token was used to log in to RTM.
	RTM bool
	// Reason is true for a connection-state-change reason, whose number follows "reason".
	Reason  bool
	Meaning Text
	Fix     Text
	// aliases are other spellings of Name that SDKs and wrappers log (case is ignored).
	aliases []string
	// message is true when Name is a sentence of the SDK's rather than an identifier.
	message bool
}

// catalog is every entry. Order matters only for reading.
var catalog = func() []Entry {
	e := []Entry{
		// Native RTC error codes (onError, joinChannel's return value).
		{Name: "ERR_INVALID_APP_ID", SDKs: []string{SDKNative}, Kind: KindInvalidAppID,
			aliases: []string{"AgoraErrorCodeInvalidAppId", "errInvalidAppId"},
			Meaning: Text{"The App ID is not one Agora knows, or is not a 32-character string.", "App ID 不是声网认识的 App ID，或不是 32 个字符的字符串。"},
			Fix:     Text{"Copy the App ID again from Agora Console, as a string with no spaces, and initialise the engine with it.", "从声网控制台重新复制 App ID，以不含空格的字符串传入，再初始化引擎。"}},
		{Name: "ERR_INVALID_CHANNEL_NAME", SDKs: []string{SDKNative}, Kind: KindInvalidChannel,
			aliases: []string{"AgoraErrorCodeInvalidChannelId", "errInvalidChannelName", "ERR_INVALID_CHANNEL_ID"},
			Meaning: Text{"The channel name is empty, longer than 64 bytes or holds a character Agora refuses.", "频道名为空、超过 64 字节，或含有声网不接受的字符。"},
			Fix:     Text{"Use a channel name of letters, digits and the allowed punctuation, and build the token for exactly that name.", "使用由字母、数字和允许的符号组成的频道名，并为完全相同的频道名生成 Token。"}},
		{Name: "ERR_TOKEN_EXPIRED", SDKs: []string{SDKNative}, Kind: KindExpired,
			aliases: []string{"AgoraErrorCodeTokenExpired", "errTokenExpired"},
			Meaning: Text{"The token's time is up: the server refused the join.", "Token 已过期，服务器拒绝加入频道。"},
			Fix:     Text{"Build a new token on the server and join again, or call renewToken; check the expiry is a number of seconds, not a timestamp.", "在服务端生成新 Token 后重新加入，或调用 renewToken；并确认有效期是秒数而不是时间戳。"}},
		{Name: "ERR_INVALID_TOKEN", SDKs: []string{SDKNative}, Kind: KindInvalidToken,
			aliases: []string{"AgoraErrorCodeInvalidToken", "errInvalidToken"},
			Meaning: Text{"The server refused the token: it was built for another App ID, channel or uid, signed with another certificate, or no token was sent while the project has a certificate.", "服务器拒绝了 Token：它是为别的 App ID、频道或 uid 生成的，或用别的证书签名，或项目启用了证书却没有传 Token。"},
			Fix:     Text{"Build the token with the same App ID, channel and uid (or account) the client joins with, signed with this project's App Certificate.", "用客户端加入时相同的 App ID、频道名和 uid（或账号）生成 Token，并用本项目的 App 证书签名。"}},
		{Name: "ERR_INVALID_USER_ACCOUNT", SDKs: []string{SDKNative}, Kind: KindInvalidAccount,
			aliases: []string{"AgoraErrorCodeInvalidUserAccount", "errInvalidUserAccount"},
			Meaning: Text{"The user account is empty, longer than 255 bytes or holds a character Agora refuses.", "用户账号为空、超过 255 字节，或含有声网不接受的字符。"},
			Fix:     Text{"Use an account of letters, digits and the allowed punctuation, and build the token for that account.", "使用由字母、数字和允许的符号组成的账号，并为该账号生成 Token。"}},

		// Connection-state-change reasons (onConnectionStateChanged).
		{Name: "CONNECTION_CHANGED_INVALID_APP_ID", SDKs: []string{SDKNative}, Kind: KindInvalidAppID, Reason: true,
			aliases: []string{"AgoraConnectionChangedInvalidAppId", "connectionChangedInvalidAppId"},
			Meaning: Text{"The connection failed because the App ID is not valid.", "App ID 无效，连接失败。"},
			Fix:     Text{"Join again with the App ID from Agora Console, exactly as shown there.", "使用声网控制台上显示的 App ID 原样重新加入。"}},
		{Name: "CONNECTION_CHANGED_INVALID_CHANNEL_NAME", SDKs: []string{SDKNative}, Kind: KindInvalidChannel, Reason: true,
			aliases: []string{"AgoraConnectionChangedInvalidChannelName", "connectionChangedInvalidChannelName"},
			Meaning: Text{"The connection failed because the channel name is not valid.", "频道名无效，连接失败。"},
			Fix:     Text{"Join a channel name of at most 64 bytes of the allowed characters.", "使用不超过 64 字节、只含允许字符的频道名加入。"}},
		{Name: "CONNECTION_CHANGED_INVALID_TOKEN", SDKs: []string{SDKNative}, Kind: KindInvalidToken, Reason: true,
			aliases: []string{"AgoraConnectionChangedInvalidToken", "connectionChangedInvalidToken"},
			Meaning: Text{"The connection failed because the token is invalid: no token with a certificate on, or a token for another uid, channel or certificate.", "Token 无效，连接失败：启用了证书却没传 Token，或 Token 的 uid、频道或证书不对。"},
			Fix:     Text{"Build a token for the uid and channel the client joins with, signed with this project's certificate.", "为客户端加入时的 uid 和频道生成 Token，并用本项目的证书签名。"}},
		{Name: "CONNECTION_CHANGED_TOKEN_EXPIRED", SDKs: []string{SDKNative}, Kind: KindExpired, Reason: true,
			aliases: []string{"AgoraConnectionChangedTokenExpired", "connectionChangedTokenExpired"},
			Meaning: Text{"The connection ended because the token expired.", "Token 过期，连接断开。"},
			Fix:     Text{"Renew the token when onTokenPrivilegeWillExpire arrives, before it ends; now build a new one and join again.", "在收到 onTokenPrivilegeWillExpire 时及时更新 Token；现在请生成新 Token 并重新加入。"}},
		{Name: "CONNECTION_CHANGED_REJECTED_BY_SERVER", SDKs: []string{SDKNative}, Kind: KindRejected, Reason: true,
			aliases: []string{"AgoraConnectionChangedRejectedByServer", "connectionChangedRejectedByServer"},
			Meaning: Text{"The server rejected the user, for example because the same uid joined twice or was banned.", "服务器拒绝了该用户，例如同一 uid 重复加入或被封禁。"},
			Fix:     Text{"Check that no other client joins with the same uid and that the user is not banned from the channel.", "确认没有其他客户端使用相同 uid 加入，且用户未被禁止进入频道。"}},
		{Name: "CONNECTION_CHANGED_RENEW_TOKEN", SDKs: []string{SDKNative}, Kind: KindWillExpire, Reason: true,
			aliases: []string{"AgoraConnectionChangedRenewToken", "connectionChangedRenewToken"},
			Meaning: Text{"The connection state changed because the app renewed its token: this is not an error.", "连接状态因应用更新 Token 而改变，这不是错误。"},
			Fix:     Text{"Nothing to fix; if renewals follow each other closely, check the new tokens' lifetimes.", "无需处理；若更新过于频繁，请检查新 Token 的有效期。"}},

		// renewToken results (native SDK 4.6 and later).
		{Name: "RENEW_TOKEN_TOKEN_EXPIRED", SDKs: []string{SDKNative}, Kind: KindExpired,
			aliases: []string{"renewTokenTokenExpired", "RenewTokenTokenExpired"},
			Meaning: Text{"renewToken was given a token that has already expired.", "renewToken 传入的 Token 已经过期。"},
			Fix:     Text{"Build the new token just before renewing, with a lifetime in seconds from now.", "在更新前即时生成新 Token，有效期为从现在起的秒数。"}},
		{Name: "RENEW_TOKEN_INVALID_TOKEN", SDKs: []string{SDKNative}, Kind: KindInvalidToken,
			aliases: []string{"renewTokenInvalidToken", "RenewTokenInvalidToken"},
			Meaning: Text{"renewToken was given a token the server refused: another uid, channel or certificate.", "renewToken 传入的 Token 被服务器拒绝：uid、频道或证书不对。"},
			Fix:     Text{"Renew with a token for the same uid and channel as the current one, from the same project.", "用与当前相同 uid、频道、同一项目的 Token 更新。"}},
		{Name: "RENEW_TOKEN_INVALID_CHANNEL_NAME", SDKs: []string{SDKNative}, Kind: KindInvalidToken,
			aliases: []string{"renewTokenInvalidChannelName", "RenewTokenInvalidChannelName"},
			Meaning: Text{"renewToken was given a token for another channel than the one the user is in.", "renewToken 传入的 Token 属于另一个频道。"},
			Fix:     Text{"Build the new token for the channel the user is in.", "为用户当前所在频道生成新 Token。"}},
		{Name: "RENEW_TOKEN_INCONSISTENT_APPID", SDKs: []string{SDKNative}, Kind: KindInvalidToken,
			aliases: []string{"renewTokenInconsistentAppid", "RenewTokenInconsistentAppid"},
			Meaning: Text{"renewToken was given a token for another App ID than the engine's.", "renewToken 传入的 Token 属于另一个 App ID。"},
			Fix:     Text{"Build the new token with the App ID the engine was initialised with.", "用初始化引擎时的 App ID 生成新 Token。"}},

		// Token callbacks.
		{Name: "onTokenPrivilegeWillExpire", SDKs: []string{SDKNative, SDKRTM}, Kind: KindWillExpire,
			aliases: []string{"tokenPrivilegeWillExpire"},
			Meaning: Text{"The token expires in about 30 seconds: the SDK asks for a new one.", "Token 约 30 秒后过期，SDK 提醒更新。"},
			Fix:     Text{"Fetch a new token from your server and call renewToken; do not wait for the user to be dropped.", "从服务端获取新 Token 并调用 renewToken，不要等到用户被断开。"}},
		{Name: "onRequestToken", SDKs: []string{SDKNative}, Kind: KindExpired,
			aliases: []string{"rtcEngineRequestToken", "requestToken"},
			Meaning: Text{"The token has expired and the SDK needs a new one to stay in or rejoin the channel.", "Token 已过期，SDK 需要新 Token 才能留在或重新加入频道。"},
			Fix:     Text{"Build a new token and call renewToken (or leave and join again with it).", "生成新 Token 并调用 renewToken（或带新 Token 重新加入）。"}},
		{Name: "token-privilege-will-expire", SDKs: []string{SDKWeb}, Kind: KindWillExpire,
			Meaning: Text{"The Web SDK's warning that the token expires in about 30 seconds.", "Web SDK 提醒 Token 约 30 秒后过期。"},
			Fix:     Text{"Fetch a new token and call client.renewToken.", "获取新 Token 并调用 client.renewToken。"}},
		{Name: "token-privilege-did-expire", SDKs: []string{SDKWeb}, Kind: KindExpired,
			Meaning: Text{"The Web SDK's event that the token has expired: the user has left the channel.", "Web SDK 通知 Token 已过期，用户已离开频道。"},
			Fix:     Text{"Build a new token and join again; renew earlier next time, on token-privilege-will-expire.", "生成新 Token 并重新加入；之后请在 token-privilege-will-expire 时提前更新。"}},

		// Web SDK 4.x messages, after CAN_NOT_GET_GATEWAY_SERVER.
		{Name: "CAN_NOT_GET_GATEWAY_SERVER", SDKs: []string{SDKWeb}, Kind: KindGateway,
			Meaning: Text{"The Web SDK could not get a gateway server to join through; the text after it says why.", "Web SDK 无法获取网关服务器，后面的文字说明原因。"},
			Fix:     Text{"Read the reason that follows; a token, App ID or certificate problem is the usual cause.", "查看后面的原因，常见是 Token、App ID 或证书问题。"}},
		{Name: "invalid token, authorized failed", SDKs: []string{SDKWeb}, Kind: KindInvalidToken, message: true,
			aliases: []string{"CAN_NOT_GET_GATEWAY_SERVER: invalid token, authorized failed"},
			Meaning: Text{"The gateway refused the token: it does not match the App ID, channel, uid or certificate of the join.", "网关拒绝了 Token：与加入时的 App ID、频道、uid 或证书不符。"},
			Fix:     Text{"Build the token for the App ID, channel and uid passed to client.join, with this project's certificate.", "为 client.join 传入的 App ID、频道和 uid 生成 Token，并用本项目的证书签名。"}},
		{Name: "dynamic use static key", SDKs: []string{SDKWeb}, Kind: KindCertificateOn, message: true,
			aliases: []string{"CAN_NOT_GET_GATEWAY_SERVER: dynamic use static key"},
			Meaning: Text{"The project has an App Certificate on, so it needs a token, but the client joined without one (null or an empty string).", "项目启用了 App 证书，必须使用 Token，但客户端加入时没有传 Token（null 或空字符串）。"},
			Fix:     Text{"Pass a token built with the project's certificate to client.join.", "向 client.join 传入用本项目证书生成的 Token。"}},
		{Name: "invalid vendor key, can not find appid", SDKs: []string{SDKWeb}, Kind: KindInvalidAppID, message: true,
			aliases: []string{"CAN_NOT_GET_GATEWAY_SERVER: invalid vendor key, can not find appid"},
			Meaning: Text{"No project has this App ID: it is mistyped, has a stray space, or belongs to a deleted project.", "没有项目使用这个 App ID：可能拼错、带有多余空格，或项目已删除。"},
			Fix:     Text{"Copy the App ID again from Agora Console and trim white space around it.", "从声网控制台重新复制 App ID，并去掉前后的空白。"}},
		{Name: "dynamic key or token timeout", SDKs: []string{SDKWeb}, Kind: KindExpired, message: true,
			aliases: []string{"CAN_NOT_GET_GATEWAY_SERVER: dynamic key or token timeout"},
			Meaning: Text{"The gateway found the token expired when the client joined.", "客户端加入时网关发现 Token 已过期。"},
			Fix:     Text{"Build a fresh token for each join, with a lifetime in seconds, and check the device clock.", "每次加入前生成新 Token，有效期用秒数，并检查设备时钟。"}},
		{Name: "INVALID_PARAMS: Invalid token", SDKs: []string{SDKWeb}, Kind: KindTokenArgument, message: true,
			Meaning: Text{"The Web SDK refused the token before sending it: it is not a string of ASCII characters of the right length (an object, undefined, or text around the token).", "Web SDK 在发送前就拒绝了 Token：它不是长度合适的 ASCII 字符串（可能是对象、undefined，或带有多余文字）。"},
			Fix:     Text{"Pass the token itself as a string: take the field out of your server's JSON response, without quotes or spaces.", "以字符串传入 Token 本身：从服务端 JSON 响应中取出该字段，不带引号或空格。"}},

		// Web SDK 3.x error codes.
		{Name: "ERR_INVALID_VENDOR_KEY", SDKs: []string{SDKWeb}, Kind: KindInvalidAppID,
			Meaning: Text{"The Web SDK 3.x error for an App ID no project has.", "Web SDK 3.x 的错误：没有项目使用这个 App ID。"},
			Fix:     Text{"Copy the App ID again from Agora Console, without spaces.", "从声网控制台重新复制 App ID，不要带空格。"}},
		{Name: "ERR_NO_AUTHORIZED", SDKs: []string{SDKWeb}, Kind: KindInvalidToken,
			Meaning: Text{"The Web SDK 3.x error for a token the server refused.", "Web SDK 3.x 的错误：服务器拒绝了 Token。"},
			Fix:     Text{"Build the token for the App ID, channel and uid of the join, with this project's certificate.", "为加入时的 App ID、频道和 uid 生成 Token，并用本项目的证书签名。"}},
		{Name: "ERR_DYNAMIC_KEY_TIMEOUT", SDKs: []string{SDKWeb}, Kind: KindExpired,
			Meaning: Text{"The Web SDK 3.x error for a token that had expired when the client joined.", "Web SDK 3.x 的错误：加入时 Token 已过期。"},
			Fix:     Text{"Build a new token and join again.", "生成新 Token 后重新加入。"}},
		{Name: "ERR_DYNAMIC_KEY_EXPIRED", SDKs: []string{SDKWeb}, Kind: KindExpired,
			Meaning: Text{"The Web SDK 3.x error for a token that expired while the user was in the channel.", "Web SDK 3.x 的错误：用户在频道内时 Token 过期。"},
			Fix:     Text{"Renew the token before it expires, on onTokenPrivilegeWillExpire.", "在 onTokenPrivilegeWillExpire 时提前更新 Token。"}},
		{Name: "ERR_STATIC_USE_DYNAMIC_KEY", SDKs: []string{SDKWeb}, Kind: KindCertificateOff,
			aliases: []string{"ERR_STATIC_USE_DYANMIC_KEY"},
			Meaning: Text{"The project has no App Certificate on, yet the client sent a token.", "项目未启用 App 证书，客户端却传了 Token。"},
			Fix:     Text{"Join with a null token, or enable the certificate in Agora Console and keep sending tokens.", "加入时 Token 传 null，或在声网控制台启用证书后继续使用 Token。"}},
		{Name: "ERR_DYNAMIC_USE_STATIC_KEY", SDKs: []string{SDKWeb}, Kind: KindCertificateOn,
			Meaning: Text{"The project has an App Certificate on, yet the client joined without a token.", "项目启用了 App 证书，客户端加入时却没有传 Token。"},
			Fix:     Text{"Build a token with the project's certificate and pass it to join.", "用本项目证书生成 Token 并在加入时传入。"}},

		// RTM (Signaling) login and renewal errors.
		{Name: "LOGIN_ERR_INVALID_APP_ID", SDKs: []string{SDKRTM}, Kind: KindInvalidAppID, RTM: true,
			aliases: []string{"AgoraRtmLoginErrorInvalidAppId"},
			Meaning: Text{"RTM login failed: the App ID is not valid.", "RTM 登录失败：App ID 无效。"},
			Fix:     Text{"Create the RTM client with the App ID from Agora Console, without spaces.", "用声网控制台上的 App ID（不带空格）创建 RTM 客户端。"}},
		{Name: "LOGIN_ERR_INVALID_TOKEN", SDKs: []string{SDKRTM}, Kind: KindInvalidToken, RTM: true,
			aliases: []string{"AgoraRtmLoginErrorInvalidToken"},
			Meaning: Text{"RTM login failed: the token is not an RTM token for this user id, or was signed with another certificate.", "RTM 登录失败：Token 不是该用户 ID 的 RTM Token，或用别的证书签名。"},
			Fix:     Text{"Build an RTM (or rtc+rtm) token for the exact user id passed to login.", "为登录时传入的用户 ID 生成 RTM（或 rtc+rtm）Token。"}},
		{Name: "LOGIN_ERR_TOKEN_EXPIRED", SDKs: []string{SDKRTM}, Kind: KindExpired, RTM: true,
			aliases: []string{"AgoraRtmLoginErrorTokenExpired"},
			Meaning: Text{"RTM login failed: the token has expired.", "RTM 登录失败：Token 已过期。"},
			Fix:     Text{"Build a new RTM token just before logging in.", "登录前即时生成新的 RTM Token。"}},
		{Name: "LOGIN_ERR_NOT_AUTHORIZED", SDKs: []string{SDKRTM}, Kind: KindInvalidToken, RTM: true,
			aliases: []string{"AgoraRtmLoginErrorNotAuthorized"},
			Meaning: Text{"RTM login was not authorised: the token did not pass the server's check.", "RTM 登录未授权：Token 未通过服务器校验。"},
			Fix:     Text{"Build an RTM token for this user id with the project's certificate.", "用本项目证书为该用户 ID 生成 RTM Token。"}},
		{Name: "RENEW_TOKEN_ERR_INVALID_TOKEN", SDKs: []string{SDKRTM}, Kind: KindInvalidToken, RTM: true,
			aliases: []string{"AgoraRtmRenewTokenErrorInvalidToken"},
			Meaning: Text{"RTM renewToken was given a token the server refused.", "RTM renewToken 传入的 Token 被服务器拒绝。"},
			Fix:     Text{"Renew with an RTM token for the same user id, from the same project.", "用同一项目、同一用户 ID 的 RTM Token 更新。"}},
		{Name: "RENEW_TOKEN_ERR_TOKEN_EXPIRED", SDKs: []string{SDKRTM}, Kind: KindExpired, RTM: true,
			aliases: []string{"AgoraRtmRenewTokenErrorTokenExpired"},
			Meaning: Text{"RTM renewToken was given a token that has already expired.", "RTM renewToken 传入的 Token 已过期。"},
			Fix:     Text{"Build the new RTM token just before renewing.", "更新前即时生成新的 RTM Token。"}},
		{Name: "onTokenExpired", SDKs: []string{SDKRTM}, Kind: KindExpired, RTM: true,
			aliases: []string{"rtmKitTokenDidExpire"},
			Meaning: Text{"The RTM client's token has expired: it is logged out until it logs in again.", "RTM 客户端的 Token 已过期，需重新登录。"},
			Fix:     Text{"Build a new RTM token and log in again; renew earlier next time.", "生成新的 RTM Token 并重新登录；之后请提前更新。"}},
	}
	numbers := map[string]int{
		"ERR_INVALID_APP_ID": 101, "ERR_INVALID_CHANNEL_NAME": 102, "ERR_TOKEN_EXPIRED": 109, "ERR_INVALID_TOKEN": 110,
		"ERR_INVALID_USER_ACCOUNT":          134,
		"CONNECTION_CHANGED_INVALID_APP_ID": 6, "CONNECTION_CHANGED_INVALID_CHANNEL_NAME": 7, "CONNECTION_CHANGED_INVALID_TOKEN": 8,
		"CONNECTION_CHANGED_TOKEN_EXPIRED": 9, "CONNECTION_CHANGED_REJECTED_BY_SERVER": 10, "CONNECTION_CHANGED_RENEW_TOKEN": 12,
		"RENEW_TOKEN_TOKEN_EXPIRED": 2, "RENEW_TOKEN_INVALID_TOKEN": 3, "RENEW_TOKEN_INVALID_CHANNEL_NAME": 4, "RENEW_TOKEN_INCONSISTENT_APPID": 5,
		"ERR_INVALID_VENDOR_KEY": 101, "ERR_NO_AUTHORIZED": 110, "ERR_DYNAMIC_KEY_TIMEOUT": 109, "ERR_DYNAMIC_KEY_EXPIRED": 118,
		"ERR_STATIC_USE_DYNAMIC_KEY": 119, "ERR_DYNAMIC_USE_STATIC_KEY": 120,
		"LOGIN_ERR_INVALID_APP_ID": 4, "LOGIN_ERR_INVALID_TOKEN": 5, "LOGIN_ERR_TOKEN_EXPIRED": 6, "LOGIN_ERR_NOT_AUTHORIZED": 7,
		"RENEW_TOKEN_ERR_INVALID_TOKEN": 6, "RENEW_TOKEN_ERR_TOKEN_EXPIRED": 5,
	}
	for i := range e {
		if n, ok := numbers[e[i].Name]; ok {
			e[i].Code, e[i].HasCode = n, true
		}
	}
	return e
}()

// Catalog returns every entry TokenDesk recognises.
func Catalog() []Entry { return slices.Clone(catalog) }

// Lookup returns the entry with the name, and whether there is one.
func Lookup(name string) (Entry, bool) {
	for _, e := range catalog {
		if e.Name == name {
			return e, true
		}
	}
	return Entry{}, false
}

// bareCodes are the numbers a log may write without a name, after "error" or "code", and the
// entries they stand for: the native SDK's, whose numbers the Web SDK 3.x shares.
var bareCodes = map[int]string{
	101: "ERR_INVALID_APP_ID", 102: "ERR_INVALID_CHANNEL_NAME", 109: "ERR_TOKEN_EXPIRED", 110: "ERR_INVALID_TOKEN",
	134: "ERR_INVALID_USER_ACCOUNT", 118: "ERR_DYNAMIC_KEY_EXPIRED", 119: "ERR_STATIC_USE_DYNAMIC_KEY", 120: "ERR_DYNAMIC_USE_STATIC_KEY",
}

// bareReasons are the connection-state-change reasons a log writes as "reason: 8".
var bareReasons = map[int]string{
	6: "CONNECTION_CHANGED_INVALID_APP_ID", 7: "CONNECTION_CHANGED_INVALID_CHANNEL_NAME", 8: "CONNECTION_CHANGED_INVALID_TOKEN",
	9: "CONNECTION_CHANGED_TOKEN_EXPIRED", 10: "CONNECTION_CHANGED_REJECTED_BY_SERVER", 12: "CONNECTION_CHANGED_RENEW_TOKEN",
}
