"""wav2vec 2.0: defaults, wav2vec2-base-960h, wav2vec2-large-960h-lv60-self, wav2vec2-base, wav2vec2-xls-r-300m
and a SUPERB keyword-spotting classifier as published, every head (CTC, base model, pretraining, sequence and
frame classification, x-vector) and every option the template reads (feat_extract_norm group/layer, conv_bias,
conv lists, do_stable_layer_norm, mask probabilities 0, codevectors, use_weighted_layer_sum, classifier_proj_size,
tdnn lists, xvector_output_dim, add_adapter with and without output_hidden_size, adapter_attn_dim, num_labels)."""

TINY = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=48,
            conv_dim=[16, 24, 24], conv_stride=[5, 2, 2], conv_kernel=[10, 3, 2], num_conv_pos_embeddings=16,
            num_conv_pos_embedding_groups=4, num_codevectors_per_group=8, codevector_dim=16, proj_codevector_dim=12,
            classifier_proj_size=20, tdnn_dim=[16, 16, 24], tdnn_kernel=[3, 2, 1], tdnn_dilation=[1, 2, 1],
            xvector_output_dim=20)


def published(**overrides):
    """The keys facebook/wav2vec2-base-960h's config.json holds."""
    config = dict(activation_dropout=0.1, apply_spec_augment=True, attention_dropout=0.1, bos_token_id=1,
                  codevector_dim=256, contrastive_logits_temperature=0.1, conv_bias=False,
                  conv_dim=[512, 512, 512, 512, 512, 512, 512], conv_kernel=[10, 3, 3, 3, 3, 2, 2],
                  conv_stride=[5, 2, 2, 2, 2, 2, 2], ctc_loss_reduction="sum", ctc_zero_infinity=False,
                  diversity_loss_weight=0.1, do_stable_layer_norm=False, eos_token_id=2,
                  feat_extract_activation="gelu", feat_extract_dropout=0.0, feat_extract_norm="group",
                  feat_proj_dropout=0.1, feat_quantizer_dropout=0.0, final_dropout=0.1, hidden_act="gelu",
                  hidden_dropout=0.1, hidden_dropout_prob=0.1, hidden_size=768, initializer_range=0.02,
                  intermediate_size=3072, layer_norm_eps=1e-05, layerdrop=0.1, mask_feature_length=10,
                  mask_feature_prob=0.0, mask_time_length=10, mask_time_prob=0.05, num_attention_heads=12,
                  num_codevector_groups=2, num_codevectors_per_group=320, num_conv_pos_embedding_groups=16,
                  num_conv_pos_embeddings=128, num_feat_extract_layers=7, num_hidden_layers=12, num_negatives=100,
                  pad_token_id=0, proj_codevector_dim=256, vocab_size=32)
    config.update(overrides)
    return config


LARGE = dict(hidden_size=1024, num_hidden_layers=24, num_attention_heads=16, intermediate_size=4096,
             feat_extract_norm="layer", do_stable_layer_norm=True, conv_bias=True)

CASES = [
    dict(case_id="wav2vec2-defaults", model_type="wav2vec2", config={}, architecture="Wav2Vec2ForCTC",
         source="Wav2Vec2Config() defaults"),
    dict(case_id="wav2vec2-base-960h", model_type="wav2vec2", architecture="Wav2Vec2ForCTC",
         source="facebook/wav2vec2-base-960h config.json", config=published()),
    dict(case_id="wav2vec2-large-960h-lv60-self", model_type="wav2vec2", architecture="Wav2Vec2ForCTC",
         source="facebook/wav2vec2-large-960h-lv60-self config.json (its keys)",
         config=published(**LARGE, codevector_dim=768, proj_codevector_dim=768)),
    dict(case_id="wav2vec2-base-pretraining", model_type="wav2vec2", architecture="Wav2Vec2ForPreTraining",
         source="facebook/wav2vec2-base config.json (Wav2Vec2ForPreTraining)", config=published()),
    dict(case_id="wav2vec2-xls-r-300m", model_type="wav2vec2", architecture="Wav2Vec2ForPreTraining",
         source="facebook/wav2vec2-xls-r-300m config.json (its keys)",
         config=published(**LARGE, codevector_dim=768, proj_codevector_dim=768, mask_time_prob=0.075,
                          feat_proj_dropout=0.0)),
    dict(case_id="wav2vec2-base-superb-ks", model_type="wav2vec2", architecture="Wav2Vec2ForSequenceClassification",
         source="superb/wav2vec2-base-superb-ks config.json (12 labels, weighted layer sum)",
         config=published(use_weighted_layer_sum=True, classifier_proj_size=256,
                          id2label={str(i): f"label_{i}" for i in range(12)})),
    dict(case_id="wav2vec2-base-model", model_type="wav2vec2", architecture="Wav2Vec2Model",
         source="facebook/wav2vec2-base-960h as Wav2Vec2Model", config=published()),
    dict(case_id="wav2vec2-tiny-ctc", model_type="wav2vec2", architecture="Wav2Vec2ForCTC",
         source="tiny CTC model, vocab 40", config=dict(TINY, vocab_size=40)),
    dict(case_id="wav2vec2-tiny-layer-norm", model_type="wav2vec2", architecture="Wav2Vec2ForCTC",
         source="feat_extract_norm layer, conv_bias, stable layer norm, attention adapters (adapter_attn_dim)",
         config=dict(TINY, feat_extract_norm="layer", conv_bias=True, do_stable_layer_norm=True,
                     adapter_attn_dim=8)),
    dict(case_id="wav2vec2-tiny-adapter-attn-post-norm", model_type="wav2vec2", architecture="Wav2Vec2ForCTC",
         source="adapter_attn_dim without stable layer norm: post-norm layers have no attention adapter",
         config=dict(TINY, adapter_attn_dim=8)),
    dict(case_id="wav2vec2-tiny-no-mask", model_type="wav2vec2", architecture="Wav2Vec2Model",
         source="mask_time_prob 0 and mask_feature_prob 0: no masked_spec_embed",
         config=dict(TINY, mask_time_prob=0.0, mask_feature_prob=0.0)),
    dict(case_id="wav2vec2-tiny-feature-mask", model_type="wav2vec2", architecture="Wav2Vec2Model",
         source="mask_time_prob 0 but mask_feature_prob > 0: masked_spec_embed",
         config=dict(TINY, mask_time_prob=0, mask_feature_prob=0.1)),
    dict(case_id="wav2vec2-tiny-adapter", model_type="wav2vec2", architecture="Wav2Vec2ForCTC",
         source="add_adapter with output_hidden_size: projection, conv adapters, lm_head from output_hidden_size",
         config=dict(TINY, add_adapter=True, output_hidden_size=24, num_adapter_layers=2, adapter_kernel_size=5,
                     adapter_stride=3)),
    dict(case_id="wav2vec2-tiny-adapter-same-size", model_type="wav2vec2", architecture="Wav2Vec2ForCTC",
         source="add_adapter without output_hidden_size: no projection", config=dict(TINY, add_adapter=True)),
    dict(case_id="wav2vec2-tiny-pretraining", model_type="wav2vec2", architecture="Wav2Vec2ForPreTraining",
         source="quantizer with 4 groups", config=dict(TINY, num_codevector_groups=4)),
    dict(case_id="wav2vec2-tiny-seq-cls", model_type="wav2vec2", architecture="Wav2Vec2ForSequenceClassification",
         source="sequence classification, 3 labels", config=dict(TINY, num_labels=3)),
    dict(case_id="wav2vec2-tiny-seq-cls-weighted", model_type="wav2vec2",
         architecture="Wav2Vec2ForSequenceClassification", source="weighted layer sum",
         config=dict(TINY, use_weighted_layer_sum=True)),
    dict(case_id="wav2vec2-tiny-frame-cls", model_type="wav2vec2", architecture="Wav2Vec2ForAudioFrameClassification",
         source="frame classification with weighted layer sum, 5 labels",
         config=dict(TINY, use_weighted_layer_sum=True, num_labels=5)),
    dict(case_id="wav2vec2-tiny-xvector", model_type="wav2vec2", architecture="Wav2Vec2ForXVector",
         source="x-vector head: tdnn layers, AMSoftmax objective, 4 labels", config=dict(TINY, num_labels=4)),
    dict(case_id="wav2vec2-tiny-xvector-weighted", model_type="wav2vec2", architecture="Wav2Vec2ForXVector",
         source="x-vector with weighted layer sum", config=dict(TINY, use_weighted_layer_sum=True)),
]
