import Config
import Testing

/// Valid documents, each with the tree it must produce: a conformance set written in the
/// spirit of toml-test's `valid/` cases, one construct per case.
@Suite struct TOMLValidTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let toml: String
        let expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // Comments, blank lines, whitespace, newlines.
        Case(name: "empty", toml: "", expected: "{}"),
        Case(name: "only comments", toml: "# a\n  # b\n\n", expected: "{}"),
        Case(name: "comment after value", toml: "a = 1 # one\n", expected: "{a=1}"),
        Case(name: "crlf", toml: "a = 1\r\nb = 2\r\n", expected: "{a=1,b=2}"),
        Case(name: "no final newline", toml: "a = 1", expected: "{a=1}"),
        Case(name: "tabs", toml: "\ta\t=\t1\t", expected: "{a=1}"),
        Case(name: "byte order mark", toml: "\u{FEFF}a = 1", expected: "{a=1}"),
        Case(name: "comment with unicode", toml: "# é ✓ 𝄞\na = 1", expected: "{a=1}"),
        // Keys.
        Case(name: "bare keys", toml: "key = 1\nbare_key = 2\nbare-key = 3\n1234 = 4", expected: "{1234=4,bare-key=3,bare_key=2,key=1}"),
        Case(name: "quoted keys", toml: "\"127.0.0.1\" = 1\n\"ʎǝʞ\" = 2\n'key2' = 3\n'quoted \"value\"' = 4",
             expected: "{\"127.0.0.1\"=1,key2=3,\"quoted \\\"value\\\"\"=4,\"ʎǝʞ\"=2}"),
        Case(name: "empty quoted key", toml: "\"\" = 1", expected: "{\"\"=1}"),
        Case(name: "dotted keys", toml: "name = \"Orange\"\nphysical.color = \"orange\"\nphysical.shape = \"round\"\nsite.\"google.com\" = true",
             expected: "{name=\"Orange\",physical={color=\"orange\",shape=\"round\"},site={\"google.com\"=true}}"),
        Case(name: "dotted key whitespace", toml: "fruit . color = \"yellow\"\n fruit.flavor=\"banana\"",
             expected: "{fruit={color=\"yellow\",flavor=\"banana\"}}"),
        Case(name: "keyword keys", toml: "true = 1\nfalse = 2\ninf = 3\nnan = 4", expected: "{false=2,inf=3,nan=4,true=1}"),
        Case(name: "numeric dotted key", toml: "3.14159 = \"pi\"", expected: "{3={14159=\"pi\"}}"),
        Case(name: "escaped key", toml: "\"a\\u0041\\n\" = 1", expected: "{\"aA\\n\"=1}"),
        // Strings.
        Case(name: "basic escapes", toml: #"s = "\b\t\n\f\r\"\\\u00E9\U0001F600""#, expected: "{s=\"\\u0008\\t\\n\\u000C\\u000D\\\"\\\\é😀\"}"),
        Case(name: "basic unicode", toml: "s = \"Iñtërnâtiônàlizætiøn ✓\"", expected: "{s=\"Iñtërnâtiônàlizætiøn ✓\"}"),
        Case(name: "literal", toml: #"s = 'C:\Users\nodejs\templates'"#, expected: #"{s="C:\\Users\\nodejs\\templates"}"#),
        Case(name: "literal with tab", toml: "s = 'a\tb'", expected: "{s=\"a\\tb\"}"),
        Case(name: "multi-line basic", toml: "s = \"\"\"\nRoses are red\nViolets are blue\"\"\"", expected: "{s=\"Roses are red\\nViolets are blue\"}"),
        Case(name: "multi-line crlf", toml: "s = \"\"\"\r\na\r\nb\"\"\"", expected: "{s=\"a\\nb\"}"),
        Case(name: "line ending backslash", toml: "s = \"\"\"\nThe quick \\\n\n   brown \\   \n  fox.\\\n\"\"\"", expected: "{s=\"The quick brown fox.\"}"),
        Case(name: "multi-line quotes", toml: "s = \"\"\"Here are two quotation marks: \"\". Simple.\"\"\"\nt = \"\"\"\"This,\" she said.\"\"\"\"\nu = \"\"\"\"\"\"\"\"",
             expected: "{s=\"Here are two quotation marks: \\\"\\\". Simple.\",t=\"\\\"This,\\\" she said.\\\"\",u=\"\\\"\\\"\"}"),
        Case(name: "multi-line escape", toml: "s = \"\"\"a\\tb\\\"\\\"\\\"c\"\"\"", expected: "{s=\"a\\tb\\\"\\\"\\\"c\"}"),
        Case(name: "multi-line literal", toml: "re = '''I [dw]on't need \\d{2} apples'''\nlines = '''\nThe first newline is\ntrimmed in raw strings.\n'''",
             expected: "{lines=\"The first newline is\\ntrimmed in raw strings.\\n\",re=\"I [dw]on't need \\\\d{2} apples\"}"),
        Case(name: "multi-line literal quotes", toml: "s = ''''That,' she said, 'is still pointless.''''", expected: "{s=\"'That,' she said, 'is still pointless.'\"}"),
        Case(name: "empty strings", toml: "a = \"\"\nb = ''\nc = \"\"\"\"\"\"\nd = ''''''", expected: "{a=\"\",b=\"\",c=\"\",d=\"\"}"),
        // Integers.
        Case(name: "decimal integers", toml: "a = +99\nb = 42\nc = 0\nd = -17\ne = +0\nf = -0", expected: "{a=99,b=42,c=0,d=-17,e=0,f=0}"),
        Case(name: "underscores", toml: "a = 1_000\nb = 5_349_221\nc = 1_2_3_4_5", expected: "{a=1000,b=5349221,c=12345}"),
        Case(name: "hex oct bin", toml: "a = 0xDEADBEEF\nb = 0xdeadbeef\nc = 0xdead_beef\nd = 0o01234567\ne = 0o755\nf = 0b11010110\ng = 0x0",
             expected: "{a=3735928559,b=3735928559,c=3735928559,d=342391,e=493,f=214,g=0}"),
        Case(name: "integer extremes", toml: "max = 9_223_372_036_854_775_807\nmin = -9_223_372_036_854_775_808\nhex = 0x7FFFFFFFFFFFFFFF",
             expected: "{hex=9223372036854775807,max=9223372036854775807,min=-9223372036854775808}"),
        // Floats.
        Case(name: "floats", toml: "a = +1.0\nb = 3.1415\nc = -0.01\nd = 5e+22\ne = 1e06\nf = -2E-2\ng = 6.626e-34\nh = 224_617.445_991_228",
             expected: "{a=f:1.0,b=f:3.1415,c=f:-0.01,d=f:5e+22,e=f:1000000.0,f=f:-0.02,g=f:6.626e-34,h=f:224617.445991228}"),
        Case(name: "special floats", toml: "a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan",
             expected: "{a=f:inf,b=f:inf,c=f:-inf,d=f:nan,e=f:nan,f=f:nan}"),
        Case(name: "zero floats", toml: "a = 0.0\nb = -0.0\nc = 0e0\nd = 0.0e-5", expected: "{a=f:0.0,b=f:-0.0,c=f:0.0,d=f:0.0}"),
        // Booleans.
        Case(name: "booleans", toml: "t = true\nf = false", expected: "{f=false,t=true}"),
        // Date-times.
        Case(name: "offset date-times", toml: "a = 1979-05-27T07:32:00Z\nb = 1979-05-27T00:32:00-07:00\nc = 1979-05-27T00:32:00.999999-07:00\nd = 1979-05-27 07:32:00Z\ne = 1979-05-27t07:32:00z",
             expected: "{a=odt:1979-05-27T07:32:00Z,b=odt:1979-05-27T00:32:00-07:00,c=odt:1979-05-27T00:32:00.999999-07:00,d=odt:1979-05-27 07:32:00Z,e=odt:1979-05-27t07:32:00z}"),
        Case(name: "local date-times", toml: "a = 1979-05-27T07:32:00\nb = 1979-05-27T00:32:00.999999\nc = 2000-02-29 23:59:60",
             expected: "{a=ldt:1979-05-27T07:32:00,b=ldt:1979-05-27T00:32:00.999999,c=ldt:2000-02-29 23:59:60}"),
        Case(name: "local dates and times", toml: "d = 1979-05-27\nt = 07:32:00\nu = 00:32:00.999999\nd2 = 2024-02-29 # leap",
             expected: "{d=ld:1979-05-27,d2=ld:2024-02-29,t=lt:07:32:00,u=lt:00:32:00.999999}"),
        // Arrays.
        Case(name: "arrays", toml: "integers = [ 1, 2, 3 ]\ncolors = [ \"red\", \"yellow\", \"green\" ]\nnested = [ [ 1, 2 ], [3, 4, 5] ]\nmixed = [ [ 1, 2 ], [\"a\", \"b\", \"c\"] ]\nempty = []",
             expected: "{colors=[\"red\",\"yellow\",\"green\"],empty=[],integers=[1,2,3],mixed=[[1,2],[\"a\",\"b\",\"c\"]],nested=[[1,2],[3,4,5]]}"),
        Case(name: "mixed types", toml: "numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]\nall = [ \"all\", 'strings', \"\"\"are the same\"\"\", '''type''', 1, true, 1979-05-27 ]",
             expected: "{all=[\"all\",\"strings\",\"are the same\",\"type\",1,true,ld:1979-05-27],numbers=[f:0.1,f:0.2,f:0.5,1,2,5]}"),
        Case(name: "multi-line array", toml: "a = [\n  1, # one\n  2,\n  # nothing\n  3,\n]\nb = [ # open\n]",
             expected: "{a=[1,2,3],b=[]}"),
        Case(name: "array of inline tables", toml: "points = [ { x = 1, y = 2, z = 3 },\n           { x = 7, y = 8, z = 9 } ]",
             expected: "{points=[{x=1,y=2,z=3},{x=7,y=8,z=9}]}"),
        // Inline tables.
        Case(name: "inline tables", toml: "name = { first = \"Tom\", last = \"Preston-Werner\" }\npoint = { x = 1, y = 2 }\nanimal = { type.name = \"pug\" }\nempty = {}",
             expected: "{animal={type={name=\"pug\"}},empty={},name={first=\"Tom\",last=\"Preston-Werner\"},point={x=1,y=2}}"),
        Case(name: "nested inline", toml: "a = { b = { c = [ { d = 1 } ] }, e.f.g = true }", expected: "{a={b={c=[{d=1}]},e={f={g=true}}}}"),
        // Tables.
        Case(name: "tables", toml: "[table-1]\nkey1 = \"some string\"\nkey2 = 123\n\n[table-2]\nkey1 = \"another string\"\nkey2 = 456",
             expected: "{table-1={key1=\"some string\",key2=123},table-2={key1=\"another string\",key2=456}}"),
        Case(name: "header whitespace and quotes", toml: "[ a . \"b.c\" . 'd' ]\nx = 1\n[ j . \"ʞ\" . 'l' ]", expected: "{a={\"b.c\"={d={x=1}}},j={\"ʞ\"={l={}}}}"),
        Case(name: "super table after sub", toml: "[x.y.z.w]\na = 1\n[x]\nb = 2", expected: "{x={b=2,y={z={w={a=1}}}}}"),
        Case(name: "empty table", toml: "[a]\n[b]\n", expected: "{a={},b={}}"),
        Case(name: "sub-table of dotted table", toml: "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true",
             expected: "{fruit={apple={color=\"red\",taste={sweet=true},texture={smooth=true}}}}"),
        Case(name: "dotted into implicit", toml: "[a.b.c]\nz = 1\n[a]\nb.d = 2", expected: "{a={b={c={z=1},d=2}}}"),
        Case(name: "root keys before table", toml: "a = 1\n[t]\nb = 2", expected: "{a=1,t={b=2}}"),
        Case(name: "header comment", toml: "[a] # comment\nb = 1", expected: "{a={b=1}}"),
        // Arrays of tables.
        Case(name: "array of tables", toml: "[[products]]\nname = \"Hammer\"\nsku = 738594937\n\n[[products]]  # empty\n\n[[products]]\nname = \"Nail\"\ncolor = \"gray\"",
             expected: "{products=[{name=\"Hammer\",sku=738594937},{},{color=\"gray\",name=\"Nail\"}]}"),
        Case(name: "nested arrays of tables", toml: """
            [[fruits]]
            name = "apple"
            [fruits.physical]
            color = "red"
            [[fruits.varieties]]
            name = "red delicious"
            [[fruits.varieties]]
            name = "granny smith"
            [[fruits]]
            name = "banana"
            [[fruits.varieties]]
            name = "plantain"
            """,
             expected: "{fruits=[{name=\"apple\",physical={color=\"red\"},varieties=[{name=\"red delicious\"},{name=\"granny smith\"}]},{name=\"banana\",varieties=[{name=\"plantain\"}]}]}"),
        Case(name: "array of tables under table", toml: "[a]\n[[a.b]]\nx = 1\n[[a.b]]\nx = 2", expected: "{a={b=[{x=1},{x=2}]}}"),
    ]

    @Test(arguments: cases)
    func parses(_ c: Case) throws {
        let document = try TOMLDocument(parsing: c.toml)
        #expect(TOMLRendering.render(document.root) == c.expected)
    }
}
