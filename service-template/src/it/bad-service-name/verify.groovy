// Bad input: the build failed, the message names property, value and rule, nothing is left.
def log = new File(basedir, 'build.log').text
assert log.contains(/serviceName='Orders "prod"': non-empty/)
assert log.contains('nothing was generated')
assert !new File(basedir, 'orders').exists() : 'a generated directory was left behind'
