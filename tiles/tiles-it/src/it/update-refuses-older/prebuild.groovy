templateVersion = '99.0.0'
evaluate(new File(basedir, '../../../src/it-shared/update-service.groovy'))
true
