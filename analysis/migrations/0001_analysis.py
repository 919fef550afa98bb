"""Match decisions, overlap candidates, word frequencies and template copies."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('duties', '0007_source_document_moved'),
        ('orgchart', '0002_source_document_moved'),
        ('roles', '0004_source_document_moved'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='WordFrequency',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(max_length=100, unique=True, verbose_name='词')),
                ('documents', models.PositiveIntegerField(verbose_name='出现条数')),
            ],
            options={
                'verbose_name': '词频',
                'verbose_name_plural': '词频',
                'ordering': ['word'],
            },
        ),
        migrations.CreateModel(
            name='TemplateCopy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('copied_from_label', models.CharField(max_length=500, verbose_name='来源岗位')),
                ('copied_at', models.DateTimeField(auto_now_add=True, verbose_name='复制时间')),
                ('copied_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='复制人')),
                ('copied_from', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='roles.position', verbose_name='复制自')),
                ('position', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='roles.position', verbose_name='新岗位')),
            ],
            options={
                'verbose_name': '模板复制记录',
                'verbose_name_plural': '模板复制记录',
                'ordering': ['-copied_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='MatchDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('verdict', models.CharField(choices=[('confirmed', '确认匹配'), ('rejected', '否决匹配')], max_length=10, verbose_name='结论')),
                ('score', models.FloatField(blank=True, help_text='决定时计算出的相似度。', null=True, verbose_name='相似度')),
                ('decided_at', models.DateTimeField(auto_now=True, verbose_name='决定时间')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='决定人')),
                ('duty', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='duties.duty', verbose_name='岗位职责')),
                ('function', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='duties.duty', verbose_name='单元职能')),
            ],
            options={
                'verbose_name': '职能匹配结论',
                'verbose_name_plural': '职能匹配结论',
                'ordering': ['function_id', 'duty_id'],
                'constraints': [models.UniqueConstraint(fields=('function', 'duty'), name='match_decision_unique_pair'), models.CheckConstraint(condition=models.Q(('function', models.F('duty')), _negated=True), name='match_decision_two_items')],
            },
        ),
        migrations.CreateModel(
            name='OverlapCandidate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('duties', '职责重叠'), ('positions', '相似岗位')], max_length=10, verbose_name='类型')),
                ('scope', models.CharField(choices=[('unit', '同一单元'), ('reporting', '汇报链')], max_length=10, verbose_name='范围')),
                ('score', models.FloatField(verbose_name='相似度')),
                ('found_at', models.DateTimeField(auto_now_add=True, verbose_name='发现时间')),
                ('duty_a', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='duties.duty', verbose_name='职责甲')),
                ('duty_b', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='duties.duty', verbose_name='职责乙')),
                ('position_a', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='roles.position', verbose_name='岗位甲')),
                ('position_b', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='roles.position', verbose_name='岗位乙')),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgchart.unit', verbose_name='组织单元')),
            ],
            options={
                'verbose_name': '重叠候选',
                'verbose_name_plural': '重叠候选',
                'ordering': ['-score', 'id'],
                'indexes': [models.Index(fields=['position_a'], name='analysis_ov_positio_9353b6_idx'), models.Index(fields=['position_b'], name='analysis_ov_positio_90f840_idx'), models.Index(fields=['unit', 'kind'], name='analysis_ov_unit_id_482bec_idx')],
            },
        ),
    ]
