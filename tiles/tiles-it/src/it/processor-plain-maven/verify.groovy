// A processor added the plain-Maven way replaces the tiles' processors: the build stops before
// compiling, names what is missing and the fix, instead of every @MicronautTest failing later.
def log = new File(basedir, 'build.log').text
assert log.contains('the compiler would run without annotation processors that the platform\'s tiles declare')
assert log.contains('io.micronaut:micronaut-inject-java')
assert log.contains('combine.children="append"')
assert !log.contains('--- compiler:') : 'the compiler ran'
assert !new File(basedir, 'target/classes').exists()
