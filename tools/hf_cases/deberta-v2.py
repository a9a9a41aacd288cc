"""DeBERTa-v2: defaults, deberta-v3-base, deberta-v3-large and deberta-v2-xlarge as published, every head,
and every option the template reads (including the keys the model reads with getattr)."""

TINY = dict(vocab_size=128, hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=96,
            max_position_embeddings=32)

# microsoft/deberta-v3-base config.json
V3_BASE = dict(attention_probs_dropout_prob=0.1, hidden_act="gelu", hidden_dropout_prob=0.1, hidden_size=768,
               initializer_range=0.02, intermediate_size=3072, max_position_embeddings=512, relative_attention=True,
               position_buckets=256, norm_rel_ebd="layer_norm", share_att_key=True, pos_att_type="p2c|c2p",
               layer_norm_eps=1e-7, max_relative_positions=-1, position_biased_input=False, num_attention_heads=12,
               num_hidden_layers=12, type_vocab_size=0, vocab_size=128100)

# microsoft/deberta-v2-xlarge config.json
V2_XLARGE = dict(attention_probs_dropout_prob=0.1, hidden_act="gelu", hidden_dropout_prob=0.1, hidden_size=1536,
                 initializer_range=0.02, intermediate_size=6144, max_position_embeddings=512, relative_attention=True,
                 position_buckets=256, norm_rel_ebd="layer_norm", share_att_key=True, pos_att_type="p2c|c2p",
                 layer_norm_eps=1e-7, conv_kernel_size=3, conv_act="gelu", max_relative_positions=-1,
                 position_biased_input=False, num_attention_heads=24, attention_head_size=64, num_hidden_layers=24,
                 type_vocab_size=0, vocab_size=128100)

# relative attention as DeBERTa-v3 has it, on the tiny model
TINY_REL = dict(TINY, relative_attention=True, position_buckets=16, norm_rel_ebd="layer_norm", share_att_key=True,
                pos_att_type="p2c|c2p", position_biased_input=False)

CASES = [
    dict(case_id="deberta-v2-defaults", model_type="deberta-v2", config={}, architecture="DebertaV2ForMaskedLM",
         source="DebertaV2Config() defaults"),
    dict(case_id="deberta-v2-v3-base", model_type="deberta-v2", architecture="DebertaV2ForMaskedLM",
         source="microsoft/deberta-v3-base config.json", config=V3_BASE),
    dict(case_id="deberta-v2-v3-base-model", model_type="deberta-v2", architecture="DebertaV2Model",
         source="microsoft/deberta-v3-base config.json, base model", config=V3_BASE),
    dict(case_id="deberta-v2-v3-large", model_type="deberta-v2", architecture="DebertaV2ForMaskedLM",
         source="microsoft/deberta-v3-large config.json",
         config=dict(V3_BASE, hidden_size=1024, intermediate_size=4096, num_attention_heads=16, num_hidden_layers=24)),
    dict(case_id="deberta-v2-xlarge", model_type="deberta-v2", architecture="DebertaV2ForMaskedLM",
         source="microsoft/deberta-v2-xlarge config.json", config=V2_XLARGE),
    dict(case_id="deberta-v2-xlarge-mnli", model_type="deberta-v2", architecture="DebertaV2ForSequenceClassification",
         source="microsoft/deberta-v2-xlarge-mnli (3 labels)",
         config=dict(V2_XLARGE, id2label={"0": "CONTRADICTION", "1": "NEUTRAL", "2": "ENTAILMENT"},
                     pooler_dropout=0, pooler_hidden_act="gelu", pooler_hidden_size=1536)),
    dict(case_id="deberta-v2-tiny-rel-unshared", model_type="deberta-v2", architecture="DebertaV2ForMaskedLM",
         source="relative attention without share_att_key: pos_key_proj and pos_query_proj",
         config=dict(TINY_REL, share_att_key=False)),
    dict(case_id="deberta-v2-tiny-rel-c2p", model_type="deberta-v2", architecture="DebertaV2ForMaskedLM",
         source="pos_att_type c2p only, relative positions without buckets, no rel LayerNorm",
         config=dict(TINY_REL, share_att_key=False, pos_att_type="c2p", position_buckets=-1,
                     max_relative_positions=12, norm_rel_ebd="none")),
    dict(case_id="deberta-v2-tiny-rel-p2c", model_type="deberta-v2", architecture="DebertaV2ForMaskedLM",
         source="pos_att_type p2c only; max_relative_positions < 1 falls back to max_position_embeddings",
         config=dict(TINY_REL, share_att_key=False, pos_att_type="p2c", position_buckets=0)),
    dict(case_id="deberta-v2-tiny-rel-shared", model_type="deberta-v2", architecture="DebertaV2ForMaskedLM",
         source="relative attention with share_att_key (as DeBERTa-v3)", config=dict(TINY_REL)),
    dict(case_id="deberta-v2-tiny-rel-upper", model_type="deberta-v2", architecture="DebertaV2ForMaskedLM",
         source="pos_att_type in capitals and the other order (transformers lowercases it)",
         config=dict(TINY_REL, share_att_key=False, pos_att_type="C2P|P2C")),
    dict(case_id="deberta-v2-tiny-rel-list", model_type="deberta-v2", architecture="DebertaV2ForMaskedLM",
         source="pos_att_type as the list save_pretrained writes, with share_att_key (it changes no tensor)",
         config=dict(TINY_REL, pos_att_type=["p2c", "c2p"])),
    dict(case_id="deberta-v2-tiny-options", model_type="deberta-v2", architecture="DebertaV2ForMaskedLM",
         source="type_vocab_size, embedding_size != hidden_size, attention_head_size, grouped conv, untied decoder",
         config=dict(TINY, type_vocab_size=2, embedding_size=32, attention_head_size=8, conv_kernel_size=5,
                     conv_groups=4, tie_word_embeddings=False)),
    dict(case_id="deberta-v2-tiny-embedding-size", model_type="deberta-v2", architecture="DebertaV2ForMaskedLM",
         source="embedding_size != hidden_size, tied decoder", config=dict(TINY, embedding_size=32)),
    dict(case_id="deberta-v2-tiny-not-legacy", model_type="deberta-v2", architecture="DebertaV2ForMaskedLM",
         source="legacy false: lm_predictions.lm_head", config=dict(TINY, legacy=False)),
    dict(case_id="deberta-v2-tiny-model", model_type="deberta-v2", architecture="DebertaV2Model",
         source="base model", config=dict(TINY)),
    dict(case_id="deberta-v2-tiny-seqcls", model_type="deberta-v2", architecture="DebertaV2ForSequenceClassification",
         source="sequence classification, pooler_hidden_size", config=dict(TINY, num_labels=5, pooler_hidden_size=48)),
    dict(case_id="deberta-v2-tiny-choice", model_type="deberta-v2", architecture="DebertaV2ForMultipleChoice",
         source="multiple choice", config=dict(TINY)),
    dict(case_id="deberta-v2-tiny-tokcls", model_type="deberta-v2", architecture="DebertaV2ForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="deberta-v2-tiny-qa", model_type="deberta-v2", architecture="DebertaV2ForQuestionAnswering",
         source="question answering (qa_outputs has num_labels outputs)", config=dict(TINY, num_labels=3)),
]
