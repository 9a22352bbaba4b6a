// Bad input: the build failed, the message names property, value and rule, nothing is left.
def log = new File(basedir, 'build.log').text
assert log.contains(/artifactId='Bad Name': lowercase kebab-case/)
assert log.contains('nothing was generated')
assert !new File(basedir, 'Bad Name').exists() : 'a generated directory was left behind'
