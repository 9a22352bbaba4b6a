// migrate refuses a project that is not on micronaut-parent, says why and how to fix it, and
// leaves pom.xml as it was.
def log = new File(basedir, 'build.log').text
assert log.contains('pom.xml is not a Micronaut Launch project: it has no <parent>, and migrate expects io.micronaut.platform:micronaut-parent.')
assert log.contains('Fix: run it in the directory of a Launch project')
assert log.contains('pom.xml was not changed.')
def source = new File(basedir, '../../../src/it/migrate-refuses/pom.xml')
assert new File(basedir, 'pom.xml').bytes == source.bytes
assert !new File(basedir, '.platform-template.properties').exists()
