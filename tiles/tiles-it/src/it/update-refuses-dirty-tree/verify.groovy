def log = new File(basedir, 'build.log').text
assert log.contains('has changes (git status: [M .gitignore]): commit or stash them first')
assert log.contains('Nothing was changed.')
def pom = new groovy.xml.XmlSlurper().parse(new File(basedir, 'pom.xml'))
assert pom.properties.'platform.version' == '0.0.9'
