def log = new File(basedir, 'build.log').text
assert log.contains('no .platform-template.properties in ')
assert log.contains('for a Micronaut Launch project run platform:migrate')
assert log.contains('Nothing was changed.')
def source = new File(basedir, '../../../src/it/update-refuses-without-provenance/pom.xml')
assert new File(basedir, 'pom.xml').bytes == source.bytes
