// An unknown feature: the build failed, the message names the known ones, nothing is left.
def log = new File(basedir, 'build.log').text
assert log.contains("features='data-jdbc,graphql': none, or some of data-jdbc, micrometer, security-jwt, flyway, openapi")
assert log.contains('nothing was generated')
assert !new File(basedir, 'orders').exists() : 'a generated directory was left behind'
